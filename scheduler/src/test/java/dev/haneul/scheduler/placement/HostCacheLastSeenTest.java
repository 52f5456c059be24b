package dev.haneul.scheduler.placement;

import static dev.haneul.scheduler.SchedulerFixtures.host;
import static dev.haneul.scheduler.SchedulerFixtures.sqlLong;
import static dev.haneul.scheduler.SchedulerFixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.host.HostRegistered;
import dev.haneul.scheduler.jobs.Periodic;
import dev.haneul.scheduler.placement.filter.AliveFilter;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats do not mark a host changed (so a view refresh does not re-read it), yet the view's {@code lastSeenAt}
 * follows them through the last-seen refresh, and the {@code alive} filter judges on it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HostCacheLastSeenTest {
    /** A heartbeat window of the test's own, so a heartbeat 40 s after registration decides alive or not. */
    private static final Duration WINDOW = Duration.ofSeconds(30);

    @Inject
    HostStore store;
    @Inject
    Vertx vertx;

    private <T> T run(Supplier<Uni<T>> work) {
        return Periodic.onSafeContext(vertx, work).await().indefinitely();
    }

    private HostState inView(HostCache cache, String az, String hostId) {
        Collection<HostState> hosts = run(() -> Panache.withSession(() -> cache.hosts(az)));
        return hosts.stream().filter(h -> h.hostId().equals(hostId)).findFirst().orElseThrow();
    }

    private static long changedAtMicros(String hostId) {
        return sqlLong("SELECT CAST(UNIX_TIMESTAMP(changed_at) * 1000000 AS SIGNED) FROM host WHERE host_id = ?",
                hostId);
    }

    private static PlacementRequest requestAt(String az, Instant now) {
        return new PlacementRequest("i-0123456789abcdef0", "123456789012", 0, "m5.large", "m5", 2, 8192, 0, az, null,
                now);
    }

    @Test
    void aHeartbeatIsNotAChangeButTheViewSeesItsLastSeen() {
        String az = zone();
        String hostId = "host-" + az + "-a";
        Instant registeredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HostRegistered registration = host(hostId, az, 16, 65536);
        HostRegistered at = new HostRegistered(registration.hostId(), registeredAt, registration.agentId(),
                registration.availabilityZone(), registration.rack(), registration.vcpus(), registration.memoryMib(),
                registration.diskGib(), registration.gpus(), registration.gpuModel(), registration.families(),
                registration.cpuOvercommit(), registration.memoryOvercommit(), registration.instanceIds());
        run(() -> Panache.withTransaction(() -> store.upsert(at)));

        // a view that refreshes the changed rows at every look (no overlap) but never the last-seen on its own
        HostCache cache = new HostCache(store, Duration.ofNanos(1), Duration.ofHours(1), Duration.ZERO,
                Duration.ofHours(1));
        // a view that refreshes the last-seen at every look
        HostCache eager = new HostCache(store, Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO,
                Duration.ZERO);
        HostState before = inView(cache, az, hostId);
        inView(eager, az, hostId);
        long changedAt = changedAtMicros(hostId);
        LocalDateTime databaseNow = run(store::databaseNow);

        // the host heartbeats 40 s after registering: with a 30 s window, alive at registration + 60 s only if seen
        Instant heartbeat = registeredAt.plusSeconds(40);
        run(() -> Panache.withTransaction(() -> store.heartbeats(Map.of(hostId, heartbeat))));
        Instant placedAt = registeredAt.plusSeconds(60);
        AliveFilter alive = new AliveFilter(WINDOW);

        assertEquals(changedAt, changedAtMicros(hostId), "a heartbeat does not stamp changed_at");
        assertFalse(run(() -> store.changedSince(databaseNow)).stream().anyMatch(h -> h.hostId().equals(hostId)),
                "a refresh does not see the heartbeat as a change");
        HostState refreshed = inView(cache, az, hostId);
        assertTrue(cache.refreshes() > 0, "the changed rows were refreshed");
        assertSame(before, refreshed, "the refresh did not re-read the host");
        assertEquals(registeredAt, refreshed.lastSeenAt());
        assertTrue(alive.reject(refreshed, requestAt(az, placedAt)).isPresent(), "last seen as registered: down");

        // the last-seen refresh brings the heartbeat into the view, and the alive filter accepts the host
        run(cache::refreshLastSeen);
        HostState seen = inView(cache, az, hostId);
        assertNotSame(before, seen);
        assertEquals(heartbeat, seen.lastSeenAt());
        assertTrue(alive.reject(seen, requestAt(az, placedAt)).isEmpty(), "seen 20 s ago: alive");
        assertEquals(before.generation(), seen.generation(), "only the last-seen moved");

        // the same on the view's own cadence
        HostState eagerSeen = inView(eager, az, hostId);
        assertEquals(heartbeat, eagerSeen.lastSeenAt());
        assertTrue(eager.lastSeenRefreshes() > 0);
        assertTrue(alive.reject(eagerSeen, requestAt(az, placedAt)).isEmpty());

        // an older heartbeat written late moves nothing back, in the database or in the view
        run(() -> Panache.withTransaction(() -> store.heartbeats(Map.of(hostId, registeredAt.plusSeconds(5)))));
        run(cache::refreshLastSeen);
        assertEquals(heartbeat, inView(cache, az, hostId).lastSeenAt());
    }

    @Test
    void aRowReadBeforeTheLastSeenRefreshDoesNotMoveTheViewBack() {
        String az = zone();
        String hostId = "host-" + az + "-b";
        run(() -> Panache.withTransaction(() -> store.upsert(host(hostId, az, 16, 65536))));
        HostCache cache = new HostCache(store, Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO,
                Duration.ofHours(1));
        HostState stale = inView(cache, az, hostId);
        Instant heartbeat = stale.lastSeenAt().plusSeconds(10);
        run(() -> Panache.withTransaction(() -> store.heartbeats(Map.of(hostId, heartbeat))));
        run(cache::refreshLastSeen);
        cache.update(hostId, stale);   // e.g. a re-read that raced with the heartbeat flush
        assertEquals(heartbeat, inView(cache, az, hostId).lastSeenAt());
    }
}
