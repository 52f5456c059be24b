package dev.haneul.scheduler.placement;

import static dev.haneul.scheduler.SchedulerFixtures.account;
import static dev.haneul.scheduler.SchedulerFixtures.host;
import static dev.haneul.scheduler.SchedulerFixtures.instanceId;
import static dev.haneul.scheduler.SchedulerFixtures.jdbc;
import static dev.haneul.scheduler.SchedulerFixtures.publish;
import static dev.haneul.scheduler.SchedulerFixtures.request;
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
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.messaging.RetryPolicy;
import dev.haneul.scheduler.FleetPublisher;
import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two scheduler replicas place 2,000 instances at once into one fleet that cannot hold them all.
 * <p>
 * <b>What a "replica" is here.</b> Booting a second Quarkus application in one test JVM is not practical, so each
 * replica is a second, independent instance of the placement path: its own {@link PlacementService} with its own
 * {@link HostCache} (its own in-memory view of the fleet, loaded and refreshed on its own, never told about the
 * other replica's claims) and its own {@link PlacementPipeline} (its own random choice among the best hosts). Each
 * request goes to one replica, as Kafka's consumer group would deliver it, and runs through the production path
 * ({@link EventProcessor#process}: consumed-event log, transaction, retries on conflicts). All 2,000 are handed
 * over at once; each replica works on {@value #IN_FLIGHT} of them at a time (as its consumers of several
 * partitions would), each in its own transaction on its own pooled connection; the replicas share nothing in Java
 * but the connection pool and the stateless beans ({@link HostStore}, {@link Outbox}): the database is the only
 * place where they meet, exactly as two scheduler processes would. What is not exercised: separate JVMs and
 * Kafka's partition assignment between them.
 * <p>
 * Asserted: while the placements run, an observer on its own JDBC connection never sees a host over its limits;
 * at the end every host's used capacity is exactly the sum of its allocations and within its limits; every
 * request got exactly one outcome, placed or refused with {@code InsufficientInstanceCapacity}; some of each
 * happened, on both replicas; and every refusal was true (for each refused instance type, no host can take one).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class TwoReplicaPlacementTest {
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final int HOSTS = 40;
    private static final int REQUESTS = 2000;
    /** Placements each replica runs at once (both together fill the application's connection pool). */
    private static final int IN_FLIGHT = 10;
    /** Requests per batch of a batching replica. */
    private static final int BATCH = 100;
    /** name, vCPUs, MiB: m5 has the hosts' 4 GiB per vCPU, the others are CPU- or memory-heavy. */
    private static final Object[][] TYPES = {{"t3.micro", 1, 1024L}, {"m5.large", 2, 8192L},
            {"m5.xlarge", 4, 16384L}, {"c5.2xlarge", 8, 16384L}, {"r5.large", 2, 16384L}};

    @KafkaBootstrap
    String bootstrap;

    @Inject
    HostStore store;
    @Inject
    GroupResolver groups;
    @Inject
    PlacementPipeline pipeline;
    @Inject
    Outbox outbox;
    @Inject
    SchedulerConfig config;
    @Inject
    EventProcessor processor;
    @Inject
    Clock clock;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    RetryPolicy retries;
    @ConfigProperty(name = "haneul.availability-zones")
    List<String> zones;

    private PlacementService replica(long seed) {
        return new PlacementService(store, groups, pipeline.withRandom(new Random(seed)), outbox, config, zones,
                new HostCache(store, config.hostCacheRefresh(), config.hostCacheFullReload(),
                        HostCacheProducer.OVERLAP), clock);
    }

    /** How one replica works through its share of the requests (the payloads it was delivered, in order). */
    private interface Replica {
        CompletableFuture<Void> work(List<String> payloads);
    }

    @Test
    void twoReplicasNeverOverCommitAndAnswerEveryRequest() throws Exception {
        Replica[] replicas = new Replica[2];
        for (int k = 0; k < 2; k++) {
            PlacementService replica = replica(k + 1);
            // each replica works on IN_FLIGHT placements at a time, as its Kafka consumers would
            replicas[k] = payloads -> Multi.createFrom().iterable(payloads)
                    .onItem().transformToUni(p -> processor.process("scheduler.instance-events", p,
                            env -> replica.place((InstanceRequested) env.data())))
                    .merge(IN_FLIGHT).collect().last().replaceWithVoid().subscribeAsCompletionStage();
        }
        placeAndCheck("two replicas, one transaction per placement", replicas);
    }

    /**
     * The same with replicas that place in batches ({@link BatchPlacement}, as the consumer does with each Kafka
     * poll): each works through its share in batches of {@value #BATCH}, one at a time, and gives what a batch hands
     * back (no room in its view, claims that kept failing) to its single placement path, which shares its view.
     */
    @Test
    void twoBatchingReplicasNeverOverCommitAndAnswerEveryRequest() throws Exception {
        Replica[] replicas = new Replica[2];
        for (int k = 0; k < 2; k++) {
            PlacementPipeline own = pipeline.withRandom(new Random(k + 1));
            HostCache cache = new HostCache(store, config.hostCacheRefresh(), config.hostCacheFullReload(),
                    HostCacheProducer.OVERLAP);
            BatchPlacement batches = new BatchPlacement(pool, own, cache, config, outbox, clock, vertx, retries);
            PlacementService single = new PlacementService(store, groups, own, outbox, config, zones, cache, clock);
            replicas[k] = payloads -> {
                List<List<BatchPlacement.Item>> polls = new ArrayList<>();
                for (int from = 0; from < payloads.size(); from += BATCH) {
                    List<BatchPlacement.Item> poll = new ArrayList<>();
                    for (String p : payloads.subList(from, Math.min(payloads.size(), from + BATCH))) {
                        Envelope e = EventCodec.decode(p);
                        poll.add(new BatchPlacement.Item(e.id(), p, (InstanceRequested) e.data()));
                    }
                    polls.add(poll);
                }
                return Multi.createFrom().iterable(polls)
                        .onItem().transformToUniAndConcatenate(poll -> batches.place(poll).chain(back -> {
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (BatchPlacement.Item item : back) {
                                chain = chain.chain(() -> processor.process("scheduler.instance-events",
                                        item.payload(), env -> single.place((InstanceRequested) env.data())));
                            }
                            return chain;
                        }))
                        .collect().last().replaceWithVoid().subscribeAsCompletionStage();
            };
        }
        placeAndCheck("two replicas placing in batches", replicas);
    }

    private void placeAndCheck(String label, Replica[] replicas) throws Exception {
        String az = zone();
        String admin = TestTokens.admin(account());
        for (int i = 0; i < HOSTS; i++) {
            publish(bootstrap, host(String.format("host-%s-%02d", az, i), az, az + "-rack-" + (i % 4), 16, 65536));
        }
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).queryParam("availabilityZone", az)
                .get("/v1/hosts").then().extract().jsonPath().getList("hosts").size() == HOSTS);

        // the fleet's agents heartbeat as real ones do, so no host goes down however long the test takes
        var fleet = new FleetPublisher(bootstrap);
        var agents = Executors.newSingleThreadScheduledExecutor();
        agents.scheduleAtFixedRate(() -> {
            List<HostHeartbeat> beats = new ArrayList<>();
            for (int i = 0; i < HOSTS; i++) {
                beats.add(new HostHeartbeat(String.format("host-%s-%02d", az, i),
                        Instant.now(), "agent-test", List.of()));
            }
            fleet.sendAll(beats);
        }, 0, 5, TimeUnit.SECONDS);

        String account = account();
        Random random = new Random(42);
        List<InstanceRequested> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Object[] t = TYPES[random.nextInt(TYPES.length)];
            requests.add(request(account, instanceId(), az, (String) t[0], (int) t[1], (long) t[2]));
        }
        Map<String, Integer> replicaOf = new HashMap<>();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger observations = new AtomicInteger();
        CompletableFuture<Integer> observer = CompletableFuture.supplyAsync(() -> {
            int worst = 0;
            try (var c = jdbc(); var st = c.prepareStatement("SELECT COUNT(*) FROM host WHERE availability_zone = ?"
                    + " AND (used_vcpus > FLOOR(vcpus * cpu_overcommit)"
                    + " OR used_memory_mib > FLOOR(memory_mib * memory_overcommit) OR used_gpus > gpus)")) {
                st.setString(1, az);
                while (running.get()) {
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        worst = Math.max(worst, rs.getInt(1));
                        observations.incrementAndGet();
                    }
                    // a sample every few milliseconds (not synchronisation: the loop ends when the placements do)
                    LockSupport.parkNanos(5_000_000);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return worst;
        });

        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            long started = System.nanoTime();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                List<String> payloads = new ArrayList<>();
                for (int i = k; i < REQUESTS; i += 2) {
                    replicaOf.put(requests.get(i).instanceId(), k);
                    payloads.add(EventCodec.encode("compute-api", requests.get(i)).json());
                }
                done.add(replicas[k].work(payloads));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
            running.set(false);
            System.out.printf("%s: %d placements in %d ms%n", label, REQUESTS,
                    (System.nanoTime() - started) / 1_000_000);
            assertEquals(0, observer.get(), "a host was seen over its limits while placing");
            assertTrue(observations.get() > 0);

            Set<String> ids = new HashSet<>();
            requests.forEach(r -> ids.add(r.instanceId()));
            List<Envelope> events = probe.awaitEvents(DEADLINE, es -> ids.stream().allMatch(id -> es.stream()
                    .anyMatch(e -> e.subject().equals(id) && (e.data() instanceof InstanceScheduled
                            || e.data() instanceof InstanceScheduleFailed))));
            Map<String, String> placedOn = new HashMap<>();
            Map<String, Integer> outcomes = new HashMap<>();
            Set<String> refusedTypes = new HashSet<>();
            int[] placedBy = new int[2];
            int[] refusedBy = new int[2];
            for (InstanceScheduled s : EventProbe.ofType(events, InstanceScheduled.class)) {
                if (ids.contains(s.instanceId())) {
                    placedOn.put(s.instanceId(), s.hostId());
                    outcomes.merge(s.instanceId(), 1, Integer::sum);
                    placedBy[replicaOf.get(s.instanceId())]++;
                }
            }
            for (InstanceScheduleFailed f : EventProbe.ofType(events, InstanceScheduleFailed.class)) {
                if (ids.contains(f.instanceId())) {
                    assertEquals("InsufficientInstanceCapacity", f.code());
                    outcomes.merge(f.instanceId(), 1, Integer::sum);
                    refusedBy[replicaOf.get(f.instanceId())]++;
                    refusedTypes.add(requests.stream().filter(r -> r.instanceId().equals(f.instanceId()))
                            .findFirst().orElseThrow().instanceType());
                }
            }
            assertEquals(REQUESTS, outcomes.size());
            assertTrue(outcomes.values().stream().allMatch(n -> n == 1), "an instance got two outcomes");
            assertTrue(placedBy[0] > 0 && placedBy[1] > 0, "both replicas placed: " + placedBy[0] + "/" + placedBy[1]);
            assertTrue(refusedBy[0] + refusedBy[1] > 0, "demand exceeds capacity: some requests must be refused");

            try (var c = jdbc()) {
                // the allocations are exactly the placements, and each host's usage is exactly their sum
                Map<String, String> allocated = new HashMap<>();
                try (var st = c.prepareStatement("SELECT a.instance_id, a.host_id FROM allocation a JOIN host h"
                        + " ON h.host_id = a.host_id WHERE h.availability_zone = ?")) {
                    st.setString(1, az);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            allocated.put(rs.getString(1), rs.getString(2));
                        }
                    }
                }
                assertEquals(placedOn, allocated);
                try (var st = c.prepareStatement("SELECT h.host_id, h.used_vcpus, h.used_memory_mib, h.instance_count,"
                        + " FLOOR(h.vcpus * h.cpu_overcommit), FLOOR(h.memory_mib * h.memory_overcommit),"
                        + " COALESCE(SUM(a.vcpus), 0), COALESCE(SUM(a.memory_mib), 0), COUNT(a.instance_id)"
                        + " FROM host h LEFT JOIN allocation a ON a.host_id = h.host_id"
                        + " WHERE h.availability_zone = ? GROUP BY h.host_id")) {
                    st.setString(1, az);
                    try (ResultSet rs = st.executeQuery()) {
                        int hosts = 0;
                        while (rs.next()) {
                            hosts++;
                            String h = rs.getString(1);
                            long usedV = rs.getLong(2);
                            long usedM = rs.getLong(3);
                            long limitV = rs.getLong(5);
                            long limitM = rs.getLong(6);
                            assertEquals(rs.getLong(7), usedV, h + " vCPUs");
                            assertEquals(rs.getLong(8), usedM, h + " memory");
                            assertEquals(rs.getLong(9), rs.getLong(4), h + " instance count");
                            assertTrue(usedV <= limitV && usedM <= limitM, h + " over its limits");
                            // every refusal was true: no host can take an instance of a refused type
                            for (Object[] t : TYPES) {
                                if (refusedTypes.contains((String) t[0])) {
                                    assertTrue(limitV - usedV < (int) t[1] || limitM - usedM < (long) t[2],
                                            h + " could still take a refused " + t[0]);
                                }
                            }
                        }
                        assertEquals(HOSTS, hosts);
                    }
                }
            }
        } finally {
            running.set(false);
            agents.shutdownNow();
            fleet.close();
        }
    }
}
