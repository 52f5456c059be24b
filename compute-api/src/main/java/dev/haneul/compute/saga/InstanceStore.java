package dev.haneul.compute.saga;

import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.quota.VcpuQuota;
import dev.haneul.events.HaneulEvent;
import dev.haneul.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Applies one lifecycle step to a stored instance inside the caller's transaction: the step changes the
 * (managed) entity, its events go to the outbox, and when the instance stops holding capacity its vCPU quota
 * is given back (idempotently, so a retried step never gives back twice).
 *
 * <p>Giving back never holds the saga up: when Redis does not answer within {@value #RELEASE_WAIT_MS} ms (down,
 * restarting), the step goes on and commits, and the holder left in Redis is removed by the quota reconciler
 * (it differs from the database two rounds in a row). Until then the account's count is too high, never too low,
 * so the limit cannot slip; stops, terminations and host failures of a partition never wait for Redis.
 */
@ApplicationScoped
public class InstanceStore {
    private static final Logger LOG = Logger.getLogger(InstanceStore.class);
    static final long RELEASE_WAIT_MS = 2000;

    private final Outbox outbox;
    private final VcpuQuota quota;

    public InstanceStore(Outbox outbox, VcpuQuota quota) {
        this.outbox = outbox;
        this.quota = quota;
    }

    /** Runs {@code step} on the instance (if it exists) and publishes what it returns. */
    public Uni<Instance> apply(String instanceId, Function<Instance, List<HaneulEvent>> step) {
        return Instance.<Instance>findById(instanceId).chain(i -> i == null ? Uni.createFrom().nullItem()
                : apply(i, step));
    }

    /**
     * Runs {@code step} on each of the instances in a transaction of its own, one after the other (a watchdog's
     * round); one that fails (a concurrent change, the database gone) is left for the next round.
     */
    public Uni<Void> applyEach(List<Instance> instances, Function<Instance, List<HaneulEvent>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Instance found : instances) {
            chain = chain.chain(() -> Panache.withTransaction(() -> apply(found.instanceId, step))
                    .onFailure().recoverWithNull().replaceWithVoid());
        }
        return chain;
    }

    public Uni<Instance> apply(Instance i, Function<Instance, List<HaneulEvent>> step) {
        boolean held = i.state.holdsQuota();
        List<HaneulEvent> events = step.apply(i);
        Uni<Void> release = held && !i.state.holdsQuota() ? giveBack(i) : Uni.createFrom().voidItem();
        return outbox.publishAll(events).chain(() -> release).replaceWith(i);
    }

    private Uni<Void> giveBack(Instance i) {
        return quota.release(i.accountId, i.instanceId)
                .ifNoItem().after(Duration.ofMillis(RELEASE_WAIT_MS)).fail()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("vCPU quota of %s (account %s) not given back now (%s); the quota reconciler will",
                            i.instanceId, i.accountId, e.toString());
                    return null;
                });
    }
}
