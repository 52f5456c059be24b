package dev.haneul.kit.messaging;

import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes events the only safe way: as rows of the {@code outbox} table, inside the caller's current
 * transaction, so the event exists if and only if the state change commits. {@link OutboxRelay} sends them.
 */
@ApplicationScoped
public class Outbox {
    private final String source;
    private final OutboxRelay relay;

    public Outbox(@ConfigProperty(name = "quarkus.application.name") String source, OutboxRelay relay) {
        this.source = source;
        this.relay = relay;
    }

    /** Must run inside {@code Panache.withTransaction}. */
    public Uni<Void> publish(HaneulEvent event) {
        EventCodec.Encoded encoded = EventCodec.encode(source, event);
        OutboxMessage m = new OutboxMessage();
        m.eventId = encoded.id();
        m.topic = encoded.topic();
        m.key = encoded.key();
        m.type = encoded.type();
        m.payload = encoded.json();
        m.createdAt = Instant.now();
        relay.nudge();
        return m.persist().replaceWithVoid();
    }

    /** Publishes the events in order; must run inside {@code Panache.withTransaction}. */
    public Uni<Void> publishAll(List<? extends HaneulEvent> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (HaneulEvent e : events) {
            chain = chain.chain(() -> publish(e));
        }
        return chain;
    }
}
