package dev.haneul.kit.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLException;
import jakarta.persistence.OptimisticLockException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LostRaceTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Runs {@code LostRace.retried(attempt)} from a Vert.x context; answers the result or throws its failure. */
    private <T> T fromContext(Context context, Supplier<Uni<T>> attempt) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> LostRace.retried(attempt).subscribe().with(result::complete,
                result::completeExceptionally));
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void aLostRaceIsRunAgainOnTheCallersContextAfterABackOff() throws Exception {
        Context context = vertx.getOrCreateContext();
        List<Context> contexts = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        String answer = fromContext(context, () -> {
            contexts.add(Vertx.currentContext());
            at.add(System.nanoTime());
            return attempts.incrementAndGet() < 3
                    ? Uni.createFrom().failure(new StaleObjectStateException("Instance", "i-1"))
                    : Uni.createFrom().item("third");
        });
        assertEquals("third", answer);
        assertEquals(3, attempts.get());
        contexts.forEach(c -> assertSame(context, c, "an attempt ran off the caller's context"));
        for (int n = 1; n < at.size(); n++) {
            // Mutiny's back-off jitters by up to half the delay: at least 10 ms of the first 20
            assertTrue(at.get(n) - at.get(n - 1) >= TimeUnit.MILLISECONDS.toNanos(10),
                    "attempt " + (n + 1) + " followed at once: no back-off");
        }
    }

    @Test
    void itGivesUpAfterItsRetriesAndAnythingElseFailsAtOnce() {
        Context context = vertx.getOrCreateContext();
        AtomicInteger raced = new AtomicInteger();
        assertThrows(OptimisticLockException.class, () -> fromContext(context, () -> {
            raced.incrementAndGet();
            return Uni.createFrom().failure(new OptimisticLockException("lost"));
        }));
        assertEquals(1 + LostRace.RETRIES, raced.get());

        AtomicInteger own = new AtomicInteger();
        assertThrows(IllegalArgumentException.class, () -> fromContext(context, () -> {
            own.incrementAndGet();
            return Uni.createFrom().failure(new IllegalArgumentException("InvalidParameterValue"));
        }));
        assertEquals(1, own.get());
    }

    @Test
    void deadlocksAndLockWaitsAreLostRacesOtherDatabaseErrorsAreNot() {
        assertTrue(LostRace.is(new RuntimeException(new MySQLException("Deadlock found", 1213, "40001"))));
        assertTrue(LostRace.is(new MySQLException("Lock wait timeout exceeded", 1205, "HY000")));
        assertFalse(LostRace.is(new MySQLException("Duplicate entry", 1062, "23000")));
        assertFalse(LostRace.is(new IllegalStateException("no")));
    }
}
