package dev.haneul.scheduler.host;

import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.jobs.Periodic;
import dev.haneul.scheduler.placement.HostStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The liveness check, run every {@code liveness-check-interval} by every scheduler replica: a host whose last
 * heartbeat is older than {@code heartbeat-window} is marked down, and a host marked down that heartbeats again
 * is marked up. Each transition is a conditional {@code UPDATE} ({@code ... WHERE NOT marked_down AND
 * last_seen_at < cutoff}): when several replicas check at once, exactly one of them changes the row and
 * publishes {@code HostStatusChanged} in the same transaction; the others update nothing and publish nothing.
 * <p>
 * A missing heartbeat only means the host is gone when the scheduler can hear the rest of the fleet. So no host
 * is marked down while <em>no</em> host of the fleet heartbeated within half the window, nor during the grace
 * that follows start-up, such a silence or a failed check ({@link LivenessHold}). Without this, a 30-second cut of server 3 marks the hosts whose queued
 * heartbeats happen to arrive last down the moment it ends. The price: a fleet of one host whose host dies is
 * not marked down until another host heartbeats (there is nowhere to recover its instances to anyway).
 */
@ApplicationScoped
public class HostLiveness {
    private static final Logger LOG = Logger.getLogger(HostLiveness.class);
    static final int BATCH = 1000;

    private final HostStore store;
    private final HostStatus status;
    private final SchedulerConfig config;
    private final Clock clock;
    private final Periodic periodic;
    private final LivenessHold hold;
    private volatile boolean holding;

    public HostLiveness(HostStore store, HostStatus status, SchedulerConfig config, Clock clock, Vertx vertx,
            LivenessHold hold) {
        this.hold = hold;
        this.store = store;
        this.status = status;
        this.config = config;
        this.clock = clock;
        this.periodic = new Periodic(vertx, "liveness check", this::check, LOG);
    }

    void start(@Observes StartupEvent event) {
        periodic.start(config.livenessCheckInterval());
    }

    void stop(@Observes ShutdownEvent event) {
        periodic.stop();
    }

    /** One check at the clock's time: the number of hosts marked down or up. */
    public Uni<Integer> check() {
        return check(clock.instant());
    }

    public Uni<Integer> check(Instant now) {
        Instant cutoff = now.minus(config.heartbeatWindow());
        Instant silence = now.minus(hold.silence());
        // hosts coming back first: bringing capacity back must not wait behind a storm of hosts going down
        Uni<Integer> up = sweep(cutoff, now, store::resumed, this::markUp);
        return up.chain(u -> Panache.withSession(() -> store.anyHeartbeatSince(silence)).chain(hearsFleet -> {
            if (!hearsFleet) {
                logHold("no host of the fleet heartbeated since " + silence);
                hold.fleetSilent(now);
                return Uni.createFrom().item(u);
            }
            hold.fleetHeard();
            if (hold.holds(now)) {
                return Uni.createFrom().item(u);
            }
            holding = false;
            return sweep(cutoff, now, store::overdue, this::markDown).map(d -> u + d);
        })).onFailure().invoke(e -> {
            logHold("the liveness check failed: " + e);
            hold.restart(clock.instant());
        });
    }

    private void logHold(String why) {
        if (!holding) {   // logged once per episode, not on every check of a long silence (or of an empty fleet)
            LOG.infof("liveness: marking no host down until the fleet is heard again and for %ss after (%s)",
                    hold.grace().toSeconds(), why);
        }
        holding = true;
    }

    /**
     * Finds up to {@value #BATCH} hosts to change, then changes each in a transaction of its own (a few row
     * locks held for a few milliseconds, so heartbeat flushes and claims never wait long behind the check); a
     * host that fails (a deadlock with a claim, say) is left for the next check.
     */
    private Uni<Integer> sweep(Instant cutoff, Instant now, BiFunction<Instant, Integer, Uni<List<String>>> find,
            Transition transition) {
        return Panache.withSession(() -> find.apply(cutoff, BATCH)).chain(ids -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (String id : ids) {
                chain = chain.chain(n -> Panache.<Integer>withTransaction(() -> transition.apply(id, cutoff, now))
                        .onFailure().invoke(e -> LOG.debugf("liveness of %s not changed this time: %s", id, e))
                        .onFailure().recoverWithItem(0)
                        .map(changed -> n + (int) changed));
            }
            return chain;
        });
    }

    @FunctionalInterface
    private interface Transition {
        Uni<Integer> apply(String hostId, Instant cutoff, Instant now);
    }

    private Uni<Integer> markDown(String hostId, Instant cutoff, Instant now) {
        return store.markDown(hostId, cutoff).chain(rows -> rows == 0 ? Uni.createFrom().item(0)
                : store.one(hostId).chain(h -> {
                    LOG.warnf("host %s is down: no heartbeat since %s", hostId, h.lastSeenAt());
                    return status.publishIfChanged(null, h, now, "no heartbeat since " + h.lastSeenAt()
                            + " (window " + config.heartbeatWindow().toSeconds() + "s)");
                }).replaceWith(1));
    }

    private Uni<Integer> markUp(String hostId, Instant cutoff, Instant now) {
        return store.markUp(hostId, cutoff).chain(rows -> rows == 0 ? Uni.createFrom().item(0)
                : store.one(hostId).chain(h -> {
                    LOG.infof("host %s is back: heartbeat at %s", hostId, h.lastSeenAt());
                    return status.publishIfChanged(HostStatus.DOWN, h, now, "heartbeats resumed");
                }).replaceWith(1));
    }
}
