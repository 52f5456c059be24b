package dev.haneul.scheduler.messaging;

import dev.haneul.events.EventCodec;
import dev.haneul.events.Envelope;
import dev.haneul.events.PoisonMessageException;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostRegistered;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.scheduler.host.HeartbeatBuffer;
import dev.haneul.scheduler.placement.HostStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the host table up to date from {@code host-events}. Heartbeats (by far the most numerous, and
 * idempotent) go to the {@link HeartbeatBuffer}, which writes them in batches; registrations go through the
 * event processor. Everything else on the topic (the instances' lifecycle facts, and the scheduler's own
 * {@code HostStatusChanged}) is no business of the scheduler and costs no database work.
 */
@ApplicationScoped
public class HostEventConsumer {
    static final String CONSUMER = "scheduler.host-events";

    private final EventProcessor processor;
    private final HostStore hosts;
    private final HeartbeatBuffer heartbeats;

    public HostEventConsumer(EventProcessor processor, HostStore hosts, HeartbeatBuffer heartbeats) {
        this.processor = processor;
        this.hosts = hosts;
        this.heartbeats = heartbeats;
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
            heartbeats.offer(hb);
            return Uni.createFrom().voidItem();
        }
        if (envelope.data() instanceof HostRegistered) {
            return processor.process(CONSUMER, payload, env -> env.data() instanceof HostRegistered r
                    ? hosts.upsert(r).replaceWithVoid() : Uni.createFrom().voidItem());
        }
        return Uni.createFrom().voidItem();
    }
}
