package dev.haneul.kit.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.Topics;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay with a row Kafka always refuses (a heartbeat of 1.3 MB, over the producer's
 * {@code max.request.size} of 1 MiB), written first, then a full batch of rows and one more behind it, all on one
 * key: the later rows reach Kafka, the refused one is moved to {@code outbox_dead_letter} after
 * {@code haneul.outbox.max-attempts} refusals, with the reason, and counted in the alarm metric; nothing of the key is
 * left in the outbox.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class OutboxRelayDeadLetterTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @KafkaBootstrap
    String bootstrap;
    @Inject
    Outbox outbox;
    @Inject
    Pool pool;
    @Inject
    MeterRegistry meters;

    private double deadLetters() {
        Counter c = meters.find("haneul.outbox.dead.letters").tag("topic", Topics.HOST_EVENTS).counter();
        return c == null ? 0 : c.count();
    }

    private long rows(String sql, String key) {
        return pool.preparedQuery(sql).execute(Tuple.of(key)).map(r -> r.iterator().next().getLong(0))
                .await().indefinitely();
    }

    @Test
    void aRowKafkaAlwaysRefusesIsMovedAsideAfterBoundedRetriesAndTheRowsBehindItAreRelayed() {
        int batchSize = ConfigProvider.getConfig().getOptionalValue("haneul.outbox.batch-size", Integer.class)
                .orElse(500);
        int maxAttempts = ConfigProvider.getConfig().getOptionalValue("haneul.outbox.max-attempts", Integer.class)
                .orElse(5);
        String hostId = "host-poison-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Instant at = Instant.now();
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            instances.add(String.format("i-%017x", i));
        }
        List<HaneulEvent> events = new ArrayList<>();
        events.add(new HostHeartbeat(hostId, at, "too-large", instances));
        for (int i = 0; i < batchSize; i++) {   // with the refused row, more than one drain's batch
            events.add(new HostHeartbeat(hostId, at, "filler", List.of()));
        }
        events.add(new HostHeartbeat(hostId, at, "sentinel", List.of()));
        double alarmsBefore = deadLetters();

        try (EventProbe probe = new EventProbe(bootstrap, Topics.HOST_EVENTS)) {
            pool.withTransaction(conn -> outbox.publishAll(conn, events)).await().indefinitely();
            List<Envelope> seen = probe.awaitEvents(DEADLINE, es -> es.stream().anyMatch(e -> e.data()
                    instanceof HostHeartbeat h && h.hostId().equals(hostId) && h.agentId().equals("sentinel")));
            assertEquals(batchSize, seen.stream().filter(e -> e.data() instanceof HostHeartbeat h
                    && h.hostId().equals(hostId) && h.agentId().equals("filler")).map(Envelope::id).distinct().count(),
                    "every row behind the refused one is relayed");
        }
        await().atMost(DEADLINE).until(() -> rows("SELECT COUNT(*) FROM outbox WHERE msg_key = ?", hostId) == 0);

        Row dead = pool.preparedQuery("SELECT event_type, topic, attempts, reason, LENGTH(payload) FROM"
                + " outbox_dead_letter WHERE msg_key = ?").execute(Tuple.of(hostId))
                .map(r -> {
                    assertEquals(1, r.size(), "the refused row, once");
                    return r.iterator().next();
                }).await().indefinitely();
        assertEquals("haneul.host.heartbeat.v1", dead.getString(0));
        assertEquals(Topics.HOST_EVENTS, dead.getString(1));
        assertEquals(maxAttempts, dead.getInteger(2));
        assertTrue(dead.getString(3).contains("RecordTooLargeException"), dead.getString(3));
        assertTrue(dead.getLong(4) > 1_048_576, "kept whole");
        assertEquals(alarmsBefore + 1, deadLetters(), "the alarm counts it");
    }
}
