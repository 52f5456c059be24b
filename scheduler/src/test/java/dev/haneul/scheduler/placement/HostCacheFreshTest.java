package dev.haneul.scheduler.placement;

import static dev.haneul.scheduler.SchedulerFixtures.host;
import static dev.haneul.scheduler.SchedulerFixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.scheduler.jobs.Periodic;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What a refusal is decided on: {@link HostCache#fresh} sees every change committed before it is called, however
 * recently the view read the zone. The views here never refresh on their own (an hour), so only {@code fresh} can
 * see the change. (Before, {@code fresh} answered from a view read in full within the refresh interval, and a
 * request sent right after an admin enabled a host was refused: PlacementFlowTest's disabled-host test, 2 runs in 3.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HostCacheFreshTest {
    @Inject
    HostStore store;
    @Inject
    Vertx vertx;

    private <T> T run(Supplier<Uni<T>> work) {
        return Periodic.onSafeContext(vertx, work).await().indefinitely();
    }

    private static HostState find(Collection<HostState> hosts, String hostId) {
        return hosts.stream().filter(h -> h.hostId().equals(hostId)).findFirst().orElseThrow();
    }

    private HostState inView(HostCache cache, String az, String hostId) {
        return find(run(() -> Panache.withSession(() -> cache.hosts(az))), hostId);
    }

    private HostState fresh(HostCache cache, String az, String hostId) {
        return find(run(() -> Panache.withSession(() -> cache.fresh(az))), hostId);
    }

    @Test
    void aHostEnabledRightAfterTheViewReadItIsFreshAtOnce() {
        String az = zone();
        String hostId = "host-" + az + "-01";
        run(() -> Panache.withTransaction(() -> store.upsert(host(hostId, az, 16, 65536))));
        run(() -> Panache.withTransaction(() -> store.setFlags(hostId, false, false)));
        HostCache cache = new HostCache(store, Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(2),
                Duration.ofHours(1));
        assertFalse(inView(cache, az, hostId).enabled(), "the view read the host disabled");

        run(() -> Panache.withTransaction(() -> store.setFlags(hostId, true, false)));
        assertFalse(inView(cache, az, hostId).enabled(), "the view alone is a hint: not refreshed within the hour");
        assertTrue(fresh(cache, az, hostId).enabled(), "fresh reads what the database committed");
        assertTrue(inView(cache, az, hostId).enabled(), "and the view takes it");
    }

    @Test
    void aSecondFreshReadRightAfterTheFirstSeesWhatChangedBetween() {
        String az = zone();
        String hostId = "host-" + az + "-02";
        run(() -> Panache.withTransaction(() -> store.upsert(host(hostId, az, 16, 65536))));
        HostCache cache = new HostCache(store, Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(2),
                Duration.ofHours(1));
        assertTrue(fresh(cache, az, hostId).enabled());   // read in full just now, then drained

        run(() -> Panache.withTransaction(() -> store.setFlags(hostId, true, true)));
        HostState drained = fresh(cache, az, hostId);
        assertTrue(drained.draining(), "a second fresh read right after the first still sees the change");
        assertEquals(drained.generation(), inView(cache, az, hostId).generation());
    }
}
