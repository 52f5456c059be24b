package dev.haneul.compute.saga;

import dev.haneul.compute.catalog.InstanceTypeCatalog;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.instance.StatusChecks;
import dev.haneul.events.Envelope;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostStatusChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Feeds the saga's replies (from the scheduler, network-service, volume-service and the host agents) into
 * {@link InstanceLifecycle}, as {@link LaunchSaga} names them; a host's heartbeats and status go to the status
 * checks and to auto-recovery. Runs inside the consumed event's transaction (see EventProcessor).
 */
@ApplicationScoped
public class SagaHandler {
    /**
     * The host events {@link #onHostEvent} applies twice with the effect of once, which therefore need no
     * consumed-event row: a heartbeat sets the status checks of its host's instances from its own list alone
     * ({@link StatusChecks#onHeartbeat}), and every host sends one every ten seconds (a row each would be about
     * 1,000 a second at 10,000 hosts).
     */
    public static final Set<Class<? extends HaneulEvent>> IDEMPOTENT_HOST_EVENTS = Set.of(HostHeartbeat.class);

    private final InstanceStore store;
    private final InstanceTypeCatalog types;

    public SagaHandler(InstanceStore store, InstanceTypeCatalog types) {
        this.store = store;
        this.types = types;
    }

    /** A reply on {@code instance-events}: dispatched from the saga's definition. */
    public Uni<Void> onInstanceEvent(Envelope envelope) {
        return dispatch(envelope.data());
    }

    /** A host's event: a saga reply (from the definition), a heartbeat, or a host's status. */
    public Uni<Void> onHostEvent(Envelope envelope) {
        HaneulEvent e = envelope.data();
        if (e instanceof HostHeartbeat h) {
            return StatusChecks.onHeartbeat(h);
        } else if (e instanceof HostStatusChanged h) {
            return onHostStatus(h);
        }
        return dispatch(e);
    }

    private Uni<Void> dispatch(HaneulEvent e) {
        Optional<LaunchSaga.Reply<?>> reply = LaunchSaga.replyTo(e);
        if (reply.isEmpty()) {
            return Uni.createFrom().voidItem();   // not a reply of the saga (another service's own event)
        }
        Instant now = Instant.now();
        return store.apply(reply.get().instanceOf(e), i -> reply.get().apply(i, e, now)).replaceWithVoid();
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
}
