package dev.haneul.kit.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.testing.KafkaTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The kit's Redis locks against the real local Redis (database 1 in the kit's tests). */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DistributedLocksTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration LONG = Duration.ofSeconds(30);

    @Inject
    DistributedLocks locks;

    @Inject
    RedisDataSource redis;

    @Inject
    io.vertx.mutiny.core.Vertx mutinyVertx;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry meters;

    private static String unique(String what) {
        return "test-" + what + "-" + UUID.randomUUID();
    }

    private static String key(String name) {
        return "haneul:lock:kit-probe:{" + name + "}";
    }

    private Optional<Lease> acquire(String name, Duration ttl) {
        return locks.tryAcquire(name, ttl).await().atMost(DEADLINE);
    }

    @Test
    void ofManyConcurrentAcquirersExactlyOneGetsTheLock() {
        String name = unique("mutex");
        List<Uni<Optional<Lease>>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attempts.add(locks.tryAcquire(name, LONG));
        }
        List<Optional<Lease>> outcomes = Uni.join().all(attempts).andFailFast().await().atMost(DEADLINE);
        List<Lease> granted = outcomes.stream().flatMap(Optional::stream).toList();
        assertEquals(1, granted.size(), "exactly one of 20 concurrent acquirers (the client queues at most 24) holds the lock");
        assertEquals(granted.get(0).owner(), redis.value(String.class).get(key(name)));

        assertTrue(locks.release(granted.get(0)).await().atMost(DEADLINE));
        assertTrue(acquire(name, LONG).isPresent(), "free again after its owner released it");
    }

    @Test
    void concurrentRunnersNeverOverlapAndTheirFencingTokensIncrease() {
        String name = unique("exclusive");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        List<Uni<List<LockedRun<Integer>>>> runners = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            runners.add(Multi.createFrom().range(0, 25)
                    .onItem().transformToUniAndConcatenate(i -> locks.runExclusively(name, LONG, lease -> {
                        int now = inside.incrementAndGet();
                        mostInside.accumulateAndGet(now, Math::max);
                        tokens.add(lease.fencingToken());
                        // the work takes a moment, so that the others try while it runs
                        return Uni.createFrom().item(now).onItem().delayIt().by(Duration.ofMillis(3))
                                .invoke(inside::decrementAndGet);
                    }))
                    .collect().asList());
        }
        List<LockedRun<Integer>> runs = Uni.join().all(runners).andFailFast().await().atMost(DEADLINE)
                .stream().flatMap(List::stream).toList();

        assertEquals(200, runs.size());
        long ran = runs.stream().filter(LockedRun::ran).count();
        long held = runs.stream().filter(r -> r.status() == LockedRun.Status.HELD_ELSEWHERE).count();
        assertEquals(200, ran + held, "every attempt either ran or was skipped because the lock was held");
        assertTrue(ran > 0, "some runs got the lock");
        assertTrue(held > 0, "the runners did contend for the lock");
        assertEquals(1, mostInside.get(), "never two runs of the work at once");
        assertEquals(ran, tokens.size());
        for (int i = 1; i < tokens.size(); i++) {
            assertTrue(tokens.get(i) > tokens.get(i - 1), "fencing tokens strictly increase: " + tokens);
        }
        assertEquals(null, redis.value(String.class).get(key(name)), "released after the last run");
    }

    @Test
    void anExpiredLeaseLetsAnotherOwnerInAndTheStaleOwnerCanNeitherReleaseNorRenewIt() {
        String name = unique("expiry");
        Lease stale = acquire(name, LONG).orElseThrow();
        assertTrue(acquire(name, LONG).isEmpty(), "held until its TTL runs out");

        // the TTL runs out now (Redis's clock is not the test's: expire the key instead of waiting for it)
        assertTrue(redis.key().pexpire(key(name), 1));
        List<Lease> next = new ArrayList<>();
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                .until(() -> acquire(name, LONG).map(next::add).orElse(false));
        Lease current = next.get(0);
        assertTrue(current.fencingToken() > stale.fencingToken());

        assertFalse(locks.release(stale).await().atMost(DEADLINE), "a stale owner cannot release the new lease");
        assertFalse(locks.renew(stale, LONG).await().atMost(DEADLINE), "nor extend it");
        assertEquals(current.owner(), redis.value(String.class).get(key(name)));
        assertTrue(acquire(name, LONG).isEmpty(), "the new owner still holds it");

        assertTrue(locks.renew(current, Duration.ofSeconds(60)).await().atMost(DEADLINE));
        assertTrue(redis.key().pttl(key(name)) > 30_000, "the owner's renewal set the new TTL");
        assertTrue(locks.release(current).await().atMost(DEADLINE));
        assertFalse(locks.release(current).await().atMost(DEADLINE), "released once");
        assertTrue(acquire(name, LONG).isPresent());
    }

    @Test
    void fencingTokensKeepIncreasingWhenRedisLosesThem() {
        String name = unique("fence");
        long last = 0;
        for (int i = 0; i < 20; i++) {
            Lease lease = acquire(name, LONG).orElseThrow();
            assertTrue(lease.fencingToken() > last, lease.fencingToken() + " after " + last);
            last = lease.fencingToken();
            assertTrue(locks.release(lease).await().atMost(DEADLINE));
        }
        // Redis lost its data (what a flush or a restart does to these keys)
        redis.key().del(key(name), key(name) + ":fence");
        Lease afterLoss = acquire(name, LONG).orElseThrow();
        assertTrue(afterLoss.fencingToken() > last, afterLoss.fencingToken() + " after " + last);
    }

    @Test
    void aRunIsSkippedWithoutRunningTheWorkWhileAnotherOwnerHoldsTheLock() {
        String name = unique("skip");
        Lease other = acquire(name, LONG).orElseThrow();
        AtomicBoolean worked = new AtomicBoolean();
        LockedRun<String> run = locks.runExclusively(name, LONG, lease -> {
            worked.set(true);
            return Uni.createFrom().item("done");
        }).await().atMost(DEADLINE);
        assertEquals(LockedRun.Status.HELD_ELSEWHERE, run.status());
        assertFalse(run.ran());
        assertFalse(worked.get());
        assertEquals(other.owner(), redis.value(String.class).get(key(name)), "the holder's lease is untouched");

        assertTrue(locks.release(other).await().atMost(DEADLINE));
        LockedRun<String> second = locks.runExclusively(name, LONG, lease -> Uni.createFrom().item("done"))
                .await().atMost(DEADLINE);
        assertTrue(second.ran());
        assertEquals("done", second.result());
    }

    @Test
    void aFailingWorkReleasesTheLockAndFails() {
        String name = unique("failing");
        Uni<LockedRun<String>> run = locks.runExclusively(name, LONG,
                lease -> Uni.createFrom().failure(new IllegalStateException("boom")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run.await().atMost(DEADLINE));
        assertEquals("boom", e.getMessage());
        assertEquals(null, redis.value(String.class).get(key(name)), "released after the failure");
    }

    @Test
    void theLeaseIsKeptAliveWhileLongWorkRuns() {
        String name = unique("renewal");
        // renewed every third of its TTL: a renewal may come up to 2 s late (a loaded machine) and the lease holds
        Duration ttl = Duration.ofSeconds(3);
        CompletableFuture<String> finish = new CompletableFuture<>();
        AtomicBoolean started = new AtomicBoolean();
        CompletableFuture<LockedRun<String>> run = locks.runExclusively(name, ttl, lease -> {
            started.set(true);
            return Uni.createFrom().completionStage(finish);
        }).subscribeAsCompletionStage();
        Awaitility.await().atMost(DEADLINE).untilTrue(started);

        // the work runs past its first TTL (4 renewals seen: the key's remaining TTL went up 4 times), and no one
        // else got the lock meanwhile
        AtomicInteger renewals = new AtomicInteger();
        long[] lastTtl = { redis.key().pttl(key(name)) };
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertTrue(acquire(name, LONG).isEmpty(), "nobody else gets the lock while the work runs");
            long remaining = redis.key().pttl(key(name));
            assertTrue(remaining > 0, "the lease never lapses: " + remaining);
            if (remaining > lastTtl[0]) {
                renewals.incrementAndGet();
            }
            lastTtl[0] = remaining;
            return renewals.get() >= 4;
        });
        finish.complete("done");
        LockedRun<String> done = run.join();
        assertTrue(done.ran());
        assertTrue(acquire(name, LONG).isPresent(), "released when the work ended");
    }

    @Test
    void whenRedisCannotBeReachedTheRunIsSkippedNotFailed() {
        Redis down = Redis.createClient(mutinyVertx, "redis://127.0.0.1:1");
        try {
            DistributedLocks unreachable = new DistributedLocks(
                    new ReactiveRedisDataSourceImpl(mutinyVertx, down, RedisAPI.api(down)), vertx, meters, "kit-probe");
            AtomicBoolean worked = new AtomicBoolean();
            LockedRun<String> run = unreachable.runExclusively(unique("down"), LONG, lease -> {
                worked.set(true);
                return Uni.createFrom().item("done");
            }).await().atMost(DEADLINE);
            assertEquals(LockedRun.Status.REDIS_UNAVAILABLE, run.status());
            assertFalse(worked.get(), "the work does not run without the lock");
        } finally {
            down.close();
        }
    }
}
