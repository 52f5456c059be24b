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

    /** Hosts tried in one transaction before starting over with fresh data. */
    @WithDefault("3")
    int claimAttempts();
}
