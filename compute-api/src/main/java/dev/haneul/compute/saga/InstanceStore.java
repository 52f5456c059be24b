package dev.haneul.compute.saga;

import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.quota.VcpuQuota;
import dev.haneul.events.HaneulEvent;
import dev.haneul.kit.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Function;

/**
 * Applies one lifecycle step to a stored instance inside the caller's transaction: the step changes the
 * (managed) entity, its events go to the outbox, and when the instance stops holding capacity its vCPU quota
 * is given back (idempotently, so a retried step never gives back twice).
 */
@ApplicationScoped
public class InstanceStore {
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

    public Uni<Instance> apply(Instance i, Function<Instance, List<HaneulEvent>> step) {
        boolean held = i.state.holdsQuota();
        List<HaneulEvent> events = step.apply(i);
        Uni<Void> release = held && !i.state.holdsQuota() ? quota.release(i.accountId, i.instanceId)
                : Uni.createFrom().voidItem();
        return outbox.publishAll(events).chain(() -> release).replaceWith(i);
    }
}
