package dev.haneul.kit.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The inbox's retention against the real test database: old ids go in bounded batches, recent ones stay. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class InboxRetentionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    TablePruner pruner;

    @Inject
    InboxRetention retention;

    private void consumed(String consumer, int n, String age) {
        for (int i = 0; i < n; i++) {
            pool.preparedQuery("INSERT INTO consumed_event (consumer, event_id, consumed_at) VALUES (?, ?, NOW(6) - "
                    + age + ")").execute(Tuple.of(consumer, UUID.randomUUID().toString())).await().atMost(DEADLINE);
        }
    }

    private long count(String consumer) {
        return pool.preparedQuery("SELECT COUNT(*) FROM consumed_event WHERE consumer = ?").execute(Tuple.of(consumer))
                .await().atMost(DEADLINE).iterator().next().getLong(0);
    }

    @Test
    void idsOlderThanTheRetentionGoAndRecentOnesStay() {
        String consumer = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        consumed(consumer, 7, "INTERVAL 15 DAY");
        consumed(consumer, 3, "INTERVAL 13 DAY");
        consumed(consumer, 2, "INTERVAL 1 SECOND");
        long deleted = retention.prune().await().atMost(DEADLINE);   // the default retention: 14 days
        assertTrue(deleted >= 7, "at least this test's old ids: " + deleted);
        assertEquals(5, count(consumer));
    }

    @Test
    void aPruneDeletesInBatchesUntilNothingOldIsLeft() {
        String consumer = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        consumed(consumer, 23, "INTERVAL 2 HOUR");
        consumed(consumer, 4, "INTERVAL 1 SECOND");
        // batches of 5 over 23 old rows (and any other old rows of the shared table): all of them, 5 at a time
        long deleted = pruner.pruneOlderThan("consumed_event", "consumed_at", Duration.ofHours(1), 5)
                .await().atMost(DEADLINE);
        assertTrue(deleted >= 23, "deleted " + deleted);
        assertEquals(4, count(consumer));
        assertThrows(IllegalArgumentException.class,
                () -> pruner.pruneOlderThan("consumed_event; DROP TABLE outbox", "consumed_at", Duration.ZERO, 5));
    }
}
