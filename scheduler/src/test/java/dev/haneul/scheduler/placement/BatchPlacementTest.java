package dev.haneul.scheduler.placement;

import static dev.haneul.scheduler.SchedulerFixtures.account;
import static dev.haneul.scheduler.SchedulerFixtures.host;
import static dev.haneul.scheduler.SchedulerFixtures.instanceId;
import static dev.haneul.scheduler.SchedulerFixtures.publish;
import static dev.haneul.scheduler.SchedulerFixtures.request;
import static dev.haneul.scheduler.SchedulerFixtures.sqlLong;
import static dev.haneul.scheduler.SchedulerFixtures.zone;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.messaging.RetryPolicy;
import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.jobs.Periodic;
import dev.haneul.scheduler.placement.PlacementPipeline.Weighted;
import dev.haneul.scheduler.placement.filter.AliveFilter;
import dev.haneul.scheduler.placement.filter.AvailabilityZoneFilter;
import dev.haneul.scheduler.placement.filter.MemoryFilter;
import dev.haneul.scheduler.placement.filter.VcpuFilter;
import dev.haneul.scheduler.placement.weigher.FreeVcpuWeigher;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The batch placement against the real database: a claim that fails because another replica took the room is
 * decided again on the re-read host; a redelivered event is not placed twice; what has no room is given back to the
 * single path, out of the consumed-event log. Each "replica" is its own {@link BatchPlacement} with its own view of
 * the fleet (never refreshed by itself here, so it goes stale exactly as a replica's view does between refreshes)
 * and a deterministic pipeline (the best host, ties by host id), so which claim fails is known in advance.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class BatchPlacementTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @KafkaBootstrap
    String bootstrap;
    @Inject
    Pool pool;
    @Inject
    HostStore store;
    @Inject
    SchedulerConfig config;
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    Vertx vertx;
    @Inject
    RetryPolicy retries;

    private final String admin = TestTokens.admin(account());

    private record Replica(BatchPlacement placement, HostCache cache, List<BatchPlacement.Committed> commits) {
    }

    private Replica replica() {
        PlacementPipeline packing = new PlacementPipeline(List.of(new AvailabilityZoneFilter(),
                new AliveFilter(config.heartbeatWindow()), new VcpuFilter(), new MemoryFilter()),
                List.of(new Weighted(new FreeVcpuWeigher(), -1.0)), 1, 8, new Random(1));
        HostCache cache = new HostCache(store, Duration.ofHours(1), Duration.ofHours(1), HostCacheProducer.OVERLAP);
        BatchPlacement placement = new BatchPlacement(pool, packing, cache, config, outbox, clock, vertx, retries);
        List<BatchPlacement.Committed> commits = new CopyOnWriteArrayList<>();
        placement.onCommitted(commits::add);
        return new Replica(placement, cache, commits);
    }

    private void view(Replica r, String az) {
        Periodic.onSafeContext(vertx, () -> Panache.withSession(() -> r.cache().hosts(az))).await().indefinitely();
    }

    private void register(String az, String... hostIds) {
        for (String id : hostIds) {
            publish(bootstrap, host(id, az, 16, 65536));
        }
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).queryParam("availabilityZone", az)
                .get("/v1/hosts").then().extract().jsonPath().getList("hosts").size() == hostIds.length);
    }

    private static BatchPlacement.Item item(InstanceRequested r) {
        EventCodec.Encoded e = EventCodec.encode("compute-api", r);
        return new BatchPlacement.Item(e.id(), e.json(), r);
    }

    private static List<BatchPlacement.Item> items(String account, String az, int n, int vcpus) {
        List<BatchPlacement.Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(item(request(account, instanceId(), az, "m5.large", vcpus, 1024)));
        }
        return out;
    }

    private static long used(String hostId) {
        return sqlLong("SELECT used_vcpus FROM host WHERE host_id = ?", hostId);
    }

    private static long allocatedOn(String hostId) {
        return sqlLong("SELECT COALESCE(SUM(vcpus), 0) FROM allocation WHERE host_id = ?", hostId);
    }

    @Test
    void aClaimAnotherReplicaBeatIsDecidedAgainOnTheReReadHost() {
        String az = zone();
        String a = "host-" + az + "-a";
        String b = "host-" + az + "-b";
        register(az, a, b);
        String account = account();
        Replica first = replica();
        Replica second = replica();
        view(first, az);   // both empty, as far as the first replica will know
        view(second, az);

        // the second replica fills a (the best host: both empty, a first by id) with 8 x 2 vCPUs
        List<BatchPlacement.Item> taken = items(account, az, 8, 2);
        assertEquals(List.of(), second.placement().place(taken).await().indefinitely());
        assertEquals(16, used(a));

        // the first, on its stale view, puts its 8 on a as well: that claim fails, a is re-read, they go to b
        List<BatchPlacement.Item> batch = items(account, az, 8, 2);
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            assertEquals(List.of(), first.placement().place(batch).await().indefinitely());
            BatchPlacement.Committed c = first.commits().get(0);
            assertEquals(1, c.conflicts());
            assertEquals(2, c.rounds());
            assertEquals(8, c.hostByInstance().size());
            assertTrue(c.hostByInstance().values().stream().allMatch(b::equals), c.hostByInstance().toString());

            // the claims are exact, and every InstanceScheduled reached Kafka through the kit's outbox relay
            assertEquals(16, used(a));
            assertEquals(16, used(b));
            assertEquals(16, allocatedOn(a));
            assertEquals(16, allocatedOn(b));
            List<String> ids = batch.stream().map(i -> i.request().instanceId()).toList();
            List<Envelope> events = probe.awaitEvents(DEADLINE, es -> ids.stream().allMatch(id -> EventProbe.ofType(es,
                    InstanceScheduled.class).stream().anyMatch(s -> s.instanceId().equals(id))));
            EventProbe.ofType(events, InstanceScheduled.class).stream().filter(s -> ids.contains(s.instanceId()))
                    .forEach(s -> {
                        assertEquals(b, s.hostId());
                        assertEquals(az, s.availabilityZone());
                        assertEquals(2, s.vcpus());
                    });
        }
        // the replica's view follows what it re-read and claimed: b full, a as the database had it
        Map<String, Long> seen = new HashMap<>();
        Periodic.onSafeContext(vertx, () -> Panache.withSession(() -> first.cache().hosts(az))).await().indefinitely()
                .forEach(h -> seen.put(h.hostId(), (long) h.usedVcpus()));
        assertEquals(Map.of(a, 16L, b, 16L), seen);
    }

    @Test
    void aRedeliveredEventIsNotPlacedTwiceAndWhatHasNoRoomGoesBackOutOfTheLog() {
        String az = zone();
        String h = "host-" + az + "-a";
        register(az, h);
        publish(bootstrap, new HostHeartbeat(h, Instant.now(), "agent-test", List.of()));
        String account = account();
        Replica replica = replica();
        // 16 vCPUs: the two 4-vCPU requests and the 8-vCPU one fit, the last 8-vCPU one does not
        List<BatchPlacement.Item> batch = new ArrayList<>(items(account, az, 2, 4));
        batch.addAll(items(account, az, 2, 8));
        List<BatchPlacement.Item> back = replica.placement().place(batch).await().indefinitely();
        assertEquals(List.of(batch.get(3)), back);
        assertEquals(16, used(h));
        assertEquals(3, sqlLong("SELECT COUNT(*) FROM consumed_event WHERE consumer = ? AND event_id IN (?, ?, ?)",
                BatchPlacement.CONSUMER, batch.get(0).eventId(), batch.get(1).eventId(), batch.get(2).eventId()));
        assertEquals(0, sqlLong("SELECT COUNT(*) FROM consumed_event WHERE consumer = ? AND event_id = ?",
                BatchPlacement.CONSUMER, batch.get(3).eventId()));

        // the same events again (a redelivery after a rebalance), twice in one batch: nothing is placed again
        List<BatchPlacement.Item> again = List.of(batch.get(0), batch.get(1), batch.get(0), batch.get(2));
        assertEquals(List.of(), replica.placement().place(again).await().indefinitely());
        assertEquals(16, used(h));
        assertEquals(3, sqlLong("SELECT COUNT(*) FROM allocation WHERE host_id = ?", h));
        assertEquals(Map.of(), replica.commits().get(1).hostByInstance());
    }
}
