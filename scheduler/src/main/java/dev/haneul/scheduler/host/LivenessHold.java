package dev.haneul.scheduler.host;

import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.placement.filter.SilenceHold;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether this replica may take a host's silence as the host's death. It may not while it hears no host at all
 * (then it, or the broker between it and the hosts, is the one cut off), nor for {@code liveness-startup-grace}
 * after start-up, after such a silence ends, or after its liveness check failed (the database was out of reach):
 * the heartbeats that queued in the host agents and in Kafka meanwhile arrive first. "Hears no host" has two
 * witnesses: this replica consumed no heartbeat for half the heartbeat window (its own link to Kafka; the grace
 * restarts with the first heartbeat consumed after that), and no host's {@code last_seen_at} in the database is
 * that recent (the whole fleet's, as every replica writes it). While the hold is on, the
 * liveness check marks no host down and placement trusts a host that is not marked down even when its last
 * heartbeat is older than the window. {@link HostLiveness} sets it; the alive filter reads it (as its {@link SilenceHold}).
 */
@ApplicationScoped
public class LivenessHold implements SilenceHold {
    private final Duration grace;
    private final Duration silence;
    private volatile Instant from;
    private volatile boolean fleetSilent;
    private volatile Instant lastHeard;
    private boolean off;

    @Inject
    public LivenessHold(SchedulerConfig config, Clock clock) {
        this(config.livenessStartupGrace(), config.heartbeatWindow().dividedBy(2), clock.instant());
    }

    /**
     * A hold that starts at {@code from} and lasts {@code grace}; hearing no heartbeat for {@code silence} holds
     * too (for tests and the start-up).
     */
    public LivenessHold(Duration grace, Duration silence, Instant from) {
        this.grace = grace;
        this.silence = silence;
        this.from = from;
    }

    /** A hold that is never on: silence is death once the window has passed (unit tests of filters). */
    public static LivenessHold never() {
        LivenessHold h = new LivenessHold(Duration.ZERO, Duration.ZERO, Instant.MIN);
        h.off = true;
        return h;
    }

    @Override
    public boolean holds(Instant now) {
        if (off) {
            return false;
        }
        Instant heard = lastHeard;
        return fleetSilent || heard == null || now.isAfter(heard.plus(silence)) || now.isBefore(from.plus(grace));
    }

    /** A heartbeat was consumed at {@code now}: after a silence of this replica, the grace starts again now. */
    public void heard(Instant now) {
        Instant heard = lastHeard;
        if (heard == null || now.isAfter(heard.plus(silence))) {
            from = now;
        }
        lastHeard = now;
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

    /** No heartbeat for this long (half the heartbeat window) is a silence. */
    public Duration silence() {
        return silence;
    }
}
