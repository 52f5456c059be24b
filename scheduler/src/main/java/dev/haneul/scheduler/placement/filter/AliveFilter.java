package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * Rejects hosts that are down: marked down by the liveness check, or whose last heartbeat is already older than
 * the heartbeat window (before the check has run).
 */
@ApplicationScoped
public class AliveFilter implements HostFilter {
    public static final String REASON = "host-down";

    private final Duration window;

    @Inject
    public AliveFilter(SchedulerConfig config) {
        this(config.heartbeatWindow());
    }

    public AliveFilter(Duration window) {
        this.window = window;
    }

    @Override
    public String name() {
        return "alive";
    }

    @Override
    public Optional<String> reject(HostState host, PlacementRequest request) {
        return !host.down() && isAlive(host.lastSeenAt(), request.now(), window) ? Optional.empty()
                : Optional.of(REASON);
    }

    public static boolean isAlive(java.time.Instant lastSeen, java.time.Instant now, Duration window) {
        return lastSeen != null && !lastSeen.isBefore(now.minus(window));
    }
}
