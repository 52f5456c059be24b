package dev.haneul.scheduler.messaging;

import dev.haneul.events.EventCodec;
import dev.haneul.events.Envelope;
import dev.haneul.events.PoisonMessageException;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostRegistered;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.scheduler.placement.HostStore;
import dev.haneul.scheduler.placement.PlacementService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the host table up to date from {@code host-events}. Heartbeats (by far the most numerous, and
 * idempotent) skip the consumed-event log and drive the allocation audit; registrations go through the event
 * processor.
 */
@ApplicationScoped
public class HostEventConsumer {
    static final String CONSUMER = "scheduler.host-events";
    private static final Logger LOG = Logger.getLogger(HostEventConsumer.class);

    private final EventProcessor processor;
    private final HostStore hosts;
    private final PlacementService placement;

    public HostEventConsumer(EventProcessor processor, HostStore hosts, PlacementService placement) {
        this.processor = processor;
        this.hosts = hosts;
        this.placement = placement;
    }

    @Incoming("host-events")
    public Uni<Void> onHostEvent(String payload) {
        Envelope envelope;
        try {
            envelope = EventCodec.decode(payload);
        } catch (PoisonMessageException e) {
            return processor.process(CONSUMER, payload, env -> Uni.createFrom().voidItem());
        }
        if (envelope.data() instanceof HostHeartbeat hb) {
            return Panache.withTransaction(() -> hosts.heartbeat(hb.hostId(), hb.at())
                    .chain(() -> placement.audit(hb.hostId(), hb.at(), hb.instanceIds())))
                    .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5)
                    .onFailure().invoke(e -> LOG.warnf("heartbeat of %s not recorded: %s", hb.hostId(), e.toString()))
                    .onFailure().recoverWithNull();   // the next heartbeat repairs a lost one
        }
        return processor.process(CONSUMER, payload, env -> env.data() instanceof HostRegistered r
                ? hosts.upsert(r).replaceWithVoid() : Uni.createFrom().voidItem());
    }
}
