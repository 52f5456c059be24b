package dev.haneul.kit.messaging;

import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes events the only safe way: as rows of the {@code outbox} table, inside the caller's current
 * transaction, so the event exists if and only if the state change commits. {@link OutboxRelay} sends them.
 * Nothing else adds rows to the table: a Hibernate transaction's events go in as {@link OutboxMessage}s, a reactive
 * SQL client transaction's as multi-row {@code INSERT}s ({@link #publishAll(SqlConnection, List)}), both encoded by
 * {@link EventCodec} with this service's name as their source.
 */
@ApplicationScoped
public class Outbox {
    /** Rows per multi-row INSERT (six parameters each: well under the protocol's 65,535). */
    static final int ROWS_PER_INSERT = 500;

    private final String source;
    private final OutboxRelay relay;

    public Outbox(@ConfigProperty(name = "quarkus.application.name") String source, OutboxRelay relay) {
        this.source = source;
        this.relay = relay;
    }

    /** Must run inside {@code Panache.withTransaction}. */
    public Uni<Void> publish(HaneulEvent event) {
        EventCodec.Encoded encoded = EventCodec.encode(source, event);
        return persist(encoded.topic(), encoded.key(), encoded.id(), encoded.type(), encoded.json());
    }

    /**
     * Sends again, as it is, an event published before by any service (a dead letter replayed): the same id, type,
     * key and payload, so a consumer that had it already drops it by its id and only the one that failed on it
     * handles it. Must run inside {@code Panache.withTransaction}.
     */
    public Uni<Void> republish(String topic, String key, String eventId, String type, String payload) {
        return persist(topic, key, eventId, type, payload);
    }

    private Uni<Void> persist(String topic, String key, String eventId, String type, String payload) {
        OutboxMessage m = new OutboxMessage();
        m.eventId = eventId;
        m.topic = topic;
        m.key = key;
        m.type = type;
        m.payload = payload;
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

    /**
     * {@link #publishAll(List)} for a transaction of the reactive SQL client ({@code pool.withTransaction}), on its
     * connection: the same rows, in order, one multi-row {@code INSERT} per {@value #ROWS_PER_INSERT} events (a batch
     * of thousands costs a few statements, not a round trip each). {@code created_at} is stored as UTC, as
     * Hibernate writes {@link OutboxMessage#createdAt}.
     */
    public Uni<Void> publishAll(SqlConnection conn, List<? extends HaneulEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LocalDateTime createdAt = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < events.size(); from += ROWS_PER_INSERT) {
            List<? extends HaneulEvent> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_INSERT));
            List<Object> params = new ArrayList<>(chunk.size() * 6);
            for (HaneulEvent e : chunk) {
                EventCodec.Encoded encoded = EventCodec.encode(source, e);
                params.addAll(List.of(encoded.id(), encoded.topic(), encoded.key(), encoded.type(), encoded.json(),
                        createdAt));
            }
            String sql = "INSERT INTO outbox (event_id, topic, msg_key, event_type, payload, created_at) VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?)"));
            chain = chain.chain(() -> conn.preparedQuery(sql).execute(Tuple.tuple(params)).replaceWithVoid());
        }
        relay.nudge();
        return chain;
    }
}
