package dev.haneul.compute.saga;

import dev.haneul.compute.catalog.InstanceTypeCatalog;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.instance.StatusChecks;
import dev.haneul.events.Envelope;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostStatusChanged;
import dev.haneul.events.host.InstanceBootFailed;
import dev.haneul.events.host.InstanceBooted;
import dev.haneul.events.host.InstanceDestroyed;
import dev.haneul.events.host.InstancePoweredOff;
import dev.haneul.events.host.InstanceShutdownInitiated;
import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceNetworkFailed;
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.events.instance.InstanceVolumesFailed;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Feeds the saga's replies (from the scheduler, network-service, volume-service and the host agents) into
 * {@link InstanceLifecycle}. Runs inside the consumed event's transaction (see EventProcessor).
 */
@ApplicationScoped
public class SagaHandler {
    private final InstanceStore store;
    private final InstanceTypeCatalog types;

    public SagaHandler(InstanceStore store, InstanceTypeCatalog types) {
        this.store = store;
        this.types = types;
    }

    public Uni<Void> onInstanceEvent(Envelope envelope) {
        HaneulEvent e = envelope.data();
        Instant now = Instant.now();
        if (e instanceof InstanceScheduled s) {
            return step(s.instanceId(), i -> InstanceLifecycle.onScheduled(i, s));
        } else if (e instanceof InstanceNetworkAttached n) {
            return step(n.instanceId(), i -> InstanceLifecycle.onNetworkAttached(i, n));
        } else if (e instanceof InstanceVolumesAttached v) {
            return step(v.instanceId(), i -> InstanceLifecycle.onVolumesAttached(i, v));
        } else if (e instanceof InstanceScheduleFailed f) {
            return step(f.instanceId(), i -> InstanceLifecycle.onLaunchStepFailed(i, f.attempt(), f.code(),
                    f.code() + ": " + f.message(), now));
        } else if (e instanceof InstanceNetworkFailed f) {
            return step(f.instanceId(), i -> InstanceLifecycle.onLaunchStepFailed(i, f.attempt(), f.code(),
                    f.code() + ": " + f.message(), now));
        } else if (e instanceof InstanceVolumesFailed f) {
            return step(f.instanceId(), i -> InstanceLifecycle.onLaunchStepFailed(i, f.attempt(), f.code(),
                    f.code() + ": " + f.message(), now));
        }
        return Uni.createFrom().voidItem();
    }

    public Uni<Void> onHostEvent(Envelope envelope) {
        HaneulEvent e = envelope.data();
        if (e instanceof InstanceBooted b) {
            return step(b.instanceId(), i -> {
                List<HaneulEvent> out = InstanceLifecycle.onBooted(i, b.attempt(), b.at());
                if (!out.isEmpty()) {
                    i.consoleOutput = b.consoleOutput();
                    i.instanceStatus = null;
                }
                return out;
            });
        } else if (e instanceof InstanceBootFailed f) {
            return step(f.instanceId(), i -> InstanceLifecycle.onLaunchStepFailed(i, f.attempt(),
                    f.code() == null ? InstanceLifecycle.INTERNAL_ERROR : f.code(), f.message(), f.at()));
        } else if (e instanceof InstancePoweredOff p) {
            return step(p.instanceId(), i -> InstanceLifecycle.onPoweredOff(i, p.attempt(), p.at()));
        } else if (e instanceof InstanceDestroyed d) {
            return step(d.instanceId(), i -> InstanceLifecycle.onDestroyed(i, d.attempt(), d.at()));
        } else if (e instanceof HostHeartbeat h) {
            return StatusChecks.onHeartbeat(h);
        } else if (e instanceof HostStatusChanged h) {
            return onHostStatus(h);
        } else if (e instanceof InstanceShutdownInitiated s) {
            return step(s.instanceId(), i -> InstanceLifecycle.onGuestShutdown(i, s.attempt(),
                    "terminate".equals(i.shutdownBehavior), s.at()));
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * A host went {@code down}: its running instances' system status check is {@code impaired}, and those with
     * auto-recovery on ({@code default}) are recovered on another host at once. {@code up}: the check is ok
     * again for the instances still on it (those with auto-recovery disabled).
     */
    private Uni<Void> onHostStatus(HostStatusChanged h) {
        if ("up".equals(h.status())) {
            return Instance.update("systemStatus = null where hostId = ?1 and systemStatus is not null", h.hostId())
                    .replaceWithVoid();
        }
        if (!"down".equals(h.status())) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return Instance.<Instance>list("hostId = ?1 and state = ?2 order by instanceId", h.hostId(),
                InstanceState.RUNNING).chain(running -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Instance i : running) {
                        i.systemStatus = "impaired";
                        if (!"disabled".equals(i.autoRecovery)) {
                            var type = types.find(i.instanceType).orElseThrow();
                            chain = chain.chain(() -> store.apply(i, x -> InstanceLifecycle.recover(x, h.hostId(),
                                    type.family(), type.gpus(), now))).replaceWithVoid();
                        }
                    }
                    return chain;
                });
    }

    private Uni<Void> step(String instanceId, Function<Instance, List<HaneulEvent>> fn) {
        return store.apply(instanceId, fn).replaceWithVoid();
    }
}
