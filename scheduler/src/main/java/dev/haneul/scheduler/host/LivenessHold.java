package dev.haneul.scheduler.host;

import dev.haneul.scheduler.config.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether this replica may take a host's silence as the host's death. It may not while it hears no host at all
 * (then it, or the broker between it and the hosts, is the one cut off), nor for {@code liveness-startup-grace}
 * after start-up, after such a silence ends, or after its liveness check failed (the database was out of reach):
 * the heartbeats that queued in the host agents and in Kafka meanwhile arrive first. While the hold is on, the
 * liveness check marks no host down and placement trusts a host that is not marked down even when its last
 * heartbeat is older than the window. {@link HostLiveness} sets it; the alive filter reads it.
 */
@ApplicationScoped
public class LivenessHold {
    private final Duration grace;
    private volatile Instant from;
    private volatile boolean fleetSilent;

    @Inject
    public LivenessHold(SchedulerConfig config, Clock clock) {
        this(config.livenessStartupGrace(), clock.instant());
    }

    /** A hold that starts at {@code from} and lasts {@code grace} (for tests and the start-up). */
    public LivenessHold(Duration grace, Instant from) {
        this.grace = grace;
        this.from = from;
    }

    /** A hold that is never on: silence is death once the window has passed (unit tests of filters). */
    public static LivenessHold never() {
        return new LivenessHold(Duration.ZERO, Instant.MIN);
    }

    public boolean holds(Instant now) {
        return fleetSilent || now.isBefore(from.plus(grace));
    }

    /** The grace starts again at {@code at} (start-up, a failed check). */
    void restart(Instant at) {
        from = at;
    }

    /** No host of the fleet was heard lately: holds until one is, and for the grace after. */
    void fleetSilent(Instant at) {
        fleetSilent = true;
        from = at;
    }

    /** The fleet is heard: the grace, if any is left, still runs. */
    void fleetHeard() {
        fleetSilent = false;
    }

    public Duration grace() {
        return grace;
    }
}
