package dev.haneul.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How the scheduler places instances: the filter and weigher pipeline and the liveness window. */
@ConfigMapping(prefix = "haneul.scheduler")
public interface SchedulerConfig {

    /** A host whose last heartbeat is older than this is down. */
    @WithDefault("30s")
    Duration heartbeatWindow();

    /** An allocation this old whose instance its host does not report in a heartbeat is released. */
    @WithDefault("10m")
    Duration auditGrace();

    /** Filter names, applied in order (see the {@code HostFilter} beans). */
    @WithDefault("availability-zone,enabled,alive,family,gpu,vcpu,memory,placement-group")
    List<String> filters();

    /** Weighers as {@code name:multiplier}; scores are normalised to 0..1 before the multiplier. */
    @WithDefault("free-memory:-1.0,free-vcpu:-1.0")
    List<String> weighers();

    /** Choose at random among this many best hosts, so concurrent placements rarely collide. */
    @WithDefault("3")
    int bestOf();

    /**
     * The best hosts of a ranking offered to one claim: the claim takes the first of them no concurrent placement
     * is claiming (skip-locked); when none is free, it waits for the best one, then starts over on fresh data.
     */
    @WithDefault("8")
    int claimCandidates();

    /** How often the liveness check looks for hosts whose heartbeats stopped (or resumed). */
    @WithDefault("5s")
    Duration livenessCheckInterval();

    /**
     * After start-up the liveness check marks no host down for this long, so the heartbeats that queued in Kafka
     * while no scheduler ran are consumed first (otherwise a restart of the schedulers would take the fleet down).
     * The same grace follows a time when the scheduler heard no host at all or could not run its check (a cut of
     * the network to Kafka or MariaDB): see {@code HostLiveness}.
     */
    @WithDefault("60s")
    Duration livenessStartupGrace();

    /** Heartbeats are kept in memory and written in batches this often (one UPDATE per 500 hosts). */
    @WithDefault("1s")
    Duration heartbeatFlushInterval();

    /** A host's allocations are audited against its heartbeat at most this often. */
    @WithDefault("60s")
    Duration auditInterval();

    /**
     * The in-memory view of the fleet re-reads what changed at most this often; {@code 0s} turns the view off
     * (every placement then reads its zone from the database).
     */
    @WithDefault("250ms")
    Duration hostCacheRefresh();

    /**
     * The view re-reads every host's last heartbeat (one light query of two columns) this often: heartbeats do not
     * stamp {@code changed_at}, so this is what keeps the {@code alive} filter's view of them fresh. Keep it well
     * under the heartbeat window: a live host's view lags its heartbeats by at most its heartbeat interval plus the
     * flush interval plus this (10 s + 1 s + 5 s by default, against a 30 s window). At 10,000 hosts one refresh
     * reads 10,000 rows (~150 ms on the loaded 2-core development machine), hence not more often.
     */
    @WithDefault("5s")
    Duration hostCacheLastSeenRefresh();

    /** The view re-reads a whole zone this often, whatever changed. */
    @WithDefault("60s")
    Duration hostCacheFullReload();

    /**
     * A batch of placements ranks a request among the best hosts of the last full ranking of its zone, and ranks
     * the whole zone again at least every this many requests (1: every request ranks the whole zone).
     */
    @WithDefault("128")
    int batchFullRankEvery();

    /**
     * In a batch, the requests of a host whose claim failed (another replica took the room) are decided again on
     * the re-read host, up to this many claim rounds in all; what is still unplaced goes the single placement way.
     */
    @WithDefault("3")
    int batchClaimRounds();
}
