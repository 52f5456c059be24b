package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Rejects hosts that are down: marked down by the liveness check, or whose last heartbeat is already older than
 * the heartbeat window (before the check has run) — unless the replica's {@link SilenceHold} is on (it hears no
 * host, or has just been cut off): then silence proves nothing and only a host marked down is rejected.
 */
@ApplicationScoped
public class AliveFilter implements HostFilter {
    public static final String REASON = "host-down";

    private final Duration window;
    private final SilenceHold hold;

    @Inject
    public AliveFilter(SchedulerConfig config, SilenceHold hold) {
        this(config.heartbeatWindow(), hold);
    }

    public AliveFilter(Duration window) {
        this(window, now -> false);
    }

    public AliveFilter(Duration window, SilenceHold hold) {
        this.window = window;
        this.hold = hold;
    }

    @Override
    public String name() {
        return "alive";
    }

    @Override
    public Optional<String> reject(HostState host, PlacementRequest request) {
        if (host.down()) {
            return Optional.of(REASON);
        }
        boolean trusted = isAlive(host.lastSeenAt(), request.now(), window)
                || host.lastSeenAt() != null && hold.holds(request.now());
        return trusted ? Optional.empty() : Optional.of(REASON);
    }

    public static boolean isAlive(Instant lastSeen, Instant now, Duration window) {
        return lastSeen != null && !lastSeen.isBefore(now.minus(window));
    }
}
