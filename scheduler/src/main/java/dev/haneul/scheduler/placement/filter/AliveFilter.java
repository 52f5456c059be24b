package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/** Rejects hosts whose last heartbeat is older than the heartbeat window: they are down. */
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
        return isAlive(host.lastSeenAt(), request.now(), window) ? Optional.empty() : Optional.of(REASON);
    }

    public static boolean isAlive(java.time.Instant lastSeen, java.time.Instant now, Duration window) {
        return lastSeen != null && !lastSeen.isBefore(now.minus(window));
    }
}
