package dev.haneul.scheduler.host;

import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.jobs.Periodic;
import dev.haneul.scheduler.placement.HostStore;
import dev.haneul.scheduler.placement.PlacementService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Makes heartbeats cheap: a consumed heartbeat only replaces the host's previous one in memory; every
 * {@code heartbeat-flush-interval} the latest heartbeat of every host is written (one {@code UPDATE}, in a
 * transaction of its own, per 500 hosts, in host id order), and the hosts due for the allocation audit (at most every {@code audit-interval})
 * are audited with one query. 10,000 hosts heartbeating every 10 s cost 1 transaction and about 2 statements per
 * second instead of 1,000 transactions.
 * <p>
 * Liveness still holds across replicas: each host's heartbeats go to the one replica that owns its partition of
 * {@code host-events}, {@code last_seen_at} only moves forward, and the database lags the heartbeats by at most
 * the flush interval (a replica that dies loses at most that much, and the next heartbeat repairs it), far inside
 * the heartbeat window. A flush that fails is put back and tried again with the next one.
 */
@ApplicationScoped
public class HeartbeatBuffer {
    private static final Logger LOG = Logger.getLogger(HeartbeatBuffer.class);

    private final Map<String, HostHeartbeat> pending = new ConcurrentHashMap<>();
    private final Map<String, Instant> audited = new ConcurrentHashMap<>();
    private final HostStore store;
    private final PlacementService placement;
    private final SchedulerConfig config;
    private final Clock clock;
    private final Periodic periodic;
    private final LivenessHold hold;
    private volatile long written;

    public HeartbeatBuffer(HostStore store, PlacementService placement, SchedulerConfig config, Clock clock,
            Vertx vertx, LivenessHold hold) {
        this.hold = hold;
        this.store = store;
        this.placement = placement;
        this.config = config;
        this.clock = clock;
        this.periodic = new Periodic(vertx, "heartbeat flush", this::flush, LOG);
    }

    void start(@Observes StartupEvent event) {
        periodic.start(config.heartbeatFlushInterval());
    }

    void stop(@Observes ShutdownEvent event) {
        periodic.stop();
    }

    /** A heartbeat consumed from Kafka: the fleet is heard; the host's latest heartbeat is kept until the next flush. */
    public void offer(HostHeartbeat hb) {
        hold.heard(clock.instant());
        keep(hb);
    }

    private void keep(HostHeartbeat hb) {
        pending.merge(hb.hostId(), hb, (a, b) -> b.at().isBefore(a.at()) ? a : b);
    }

    /** Heartbeats written to the database since start (for tests and the benchmark). */
    public long written() {
        return written;
    }

    public int pending() {
        return pending.size();
    }

    /** Writes the pending heartbeats and runs the audit of the hosts due for one: the number of hosts written. */
    public Uni<Integer> flush() {
        Map<String, HostHeartbeat> batch = new HashMap<>();
        for (String hostId : List.copyOf(pending.keySet())) {
            HostHeartbeat hb = pending.remove(hostId);
            if (hb != null) {
                batch.put(hostId, hb);
            }
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<String, Instant> lastSeen = new HashMap<>();
        List<HostHeartbeat> dueForAudit = new ArrayList<>();
        Instant now = clock.instant();
        for (HostHeartbeat hb : batch.values()) {
            lastSeen.put(hb.hostId(), hb.at());
            Instant last = audited.get(hb.hostId());
            if (last == null || !now.isBefore(last.plus(config.auditInterval()))) {
                dueForAudit.add(hb);
            }
        }
        // one short transaction per chunk of hosts (few row locks held at once), then one for the audit
        List<Map<String, Instant>> chunks = new ArrayList<>();
        Map<String, Instant> chunk = new HashMap<>();
        for (Map.Entry<String, Instant> e : new TreeMap<>(lastSeen).entrySet()) {   // in key order
            chunk.put(e.getKey(), e.getValue());
            if (chunk.size() == HostStore.HEARTBEAT_CHUNK) {
                chunks.add(chunk);
                chunk = new HashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        Uni<Void> flushed = Uni.createFrom().voidItem();
        for (Map<String, Instant> c : chunks) {
            flushed = flushed.chain(() -> Panache.withTransaction(() -> store.heartbeats(c)));
        }
        return flushed.chain(() -> dueForAudit.isEmpty() ? Uni.createFrom().voidItem()
                        : Panache.withTransaction(() -> placement.audit(dueForAudit)))
                .invoke(() -> {
                    dueForAudit.forEach(hb -> audited.put(hb.hostId(), now));
                    written += batch.size();
                })
                .onFailure().invoke(e -> batch.values().forEach(this::keep))
                .replaceWith(batch.size());
    }
}
