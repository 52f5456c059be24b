package dev.haneul.kit.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The kit's {@link Outbox#publishAll(SqlConnection, List)} on the real MariaDB: the rows it writes inside a reactive
 * client transaction are the events in their order, encoded as every outbox row is (so the relay sends them as any
 * other), over more than one multi-row statement; and they exist only if the transaction commits. The rows are read
 * inside the writing transaction, which is then rolled back: the relay never sees them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class OutboxTest {
    private static final Instant AT = Instant.parse("2026-12-04T00:00:00Z");

    @Inject
    Outbox outbox;
    @Inject
    Pool pool;

    private static String instanceId() {
        return "i-0" + Long.toHexString(ThreadLocalRandom.current().nextLong(1L << 60, Long.MAX_VALUE)).substring(0, 16);
    }

    private static long rowsOf(Pool pool, String key) {
        return pool.preparedQuery("SELECT COUNT(*) FROM outbox WHERE msg_key = ?").execute(Tuple.of(key))
                .map(rows -> rows.iterator().next().getLong(0)).await().indefinitely();
    }

    @Test
    void aBatchOfEventsIsWrittenInOrderAsEveryOutboxRowIsAndOnlyWithItsTransaction() {
        String instance = instanceId();
        int count = Outbox.ROWS_PER_INSERT + 1;   // two statements
        List<InstanceTerminated> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new InstanceTerminated("444444444444", instance, i, AT, "m5.large", "az-a", null,
                    "Client.UserInitiatedShutdown", "User initiated shutdown"));
        }
        EventCodec.Encoded expected = EventCodec.encode("kit-probe", events.get(0));

        List<Row> written = pool.getConnection().chain(conn -> conn.begin().chain(tx -> outbox.publishAll(conn, events)
                .chain(() -> conn.preparedQuery("SELECT event_id, topic, msg_key, event_type, payload FROM outbox"
                        + " WHERE msg_key = ? ORDER BY seq").execute(Tuple.of(instance)))
                .map(rows -> {
                    List<Row> out = new ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                })
                .call(tx::rollback))
                .eventually(conn::close)).await().indefinitely();

        assertEquals(count, written.size());
        for (int i = 0; i < count; i++) {
            Row row = written.get(i);
            assertEquals(expected.topic(), row.getString("topic"));
            assertEquals(expected.key(), row.getString("msg_key"));
            assertEquals(expected.type(), row.getString("event_type"));
            Envelope e = EventCodec.decode(row.getString("payload"));
            assertEquals(row.getString("event_id"), e.id());
            assertEquals("/haneul/kit-probe", e.source());
            assertEquals(events.get(i), e.data(), "in the order given");
        }
        assertEquals(0, rowsOf(pool, instance), "rolled back: no row is left for the relay");
    }
}
