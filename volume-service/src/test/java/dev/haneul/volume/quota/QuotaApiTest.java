package dev.haneul.volume.quota;

import static dev.haneul.volume.Fixtures.AZ;
import static dev.haneul.volume.Fixtures.DEADLINE;
import static dev.haneul.volume.Fixtures.as;
import static dev.haneul.volume.Fixtures.awaitState;
import static dev.haneul.volume.Fixtures.create;
import static dev.haneul.volume.Fixtures.randomAccount;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.events.account.AccountQuotasChanged;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.events.instance.InstanceVolumesFailed;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.volume.Fixtures;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Volume quotas over REST and the launch saga, with the real Redis (database 1), MariaDB and broker: the limit
 * holds under concurrency and across Redis losing its data, amounts come back on deletion, overrides apply.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class QuotaApiTest {
    @KafkaBootstrap
    String bootstrap;

    @Inject
    VolumeQuotas quotas;

    @Inject
    QuotaReconciler reconciler;

    @Inject
    RedisDataSource redis;

    @Test
    void concurrentCreatesNeverExceedTheLimitAndEveryRefusalSaysWhy() throws Exception {
        String account = randomAccount();
        override(account, Map.of("volumeGiB.gp3", 100L));

        List<Response> answers = concurrently(40, 16, i -> () -> as(account)
                .body("{\"availabilityZone\":\"" + AZ + "\",\"size\":10,\"volumeType\":\"gp3\"}")
                .when().post("/v1/volumes").andReturn());

        long created = answers.stream().filter(r -> r.statusCode() == 201).count();
        assertEquals(10, created, "exactly the 100 GiB fit");
        for (Response r : answers) {
            if (r.statusCode() != 201) {
                assertEquals(400, r.statusCode(), r.asString());
                r.then().contentType("application/problem+json").body("code", equalTo("VolumeLimitExceeded"))
                        .body("detail", allOf(containsString("gp3"), containsString("100 GiB")));
            }
        }
        assertEquals(100L, used(account, "gp3"));
        assertEquals(100L, databaseGib(account, "gp3"));
        // other types are not affected
        create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":10,\"volumeType\":\"gp2\"}");
    }

    @Test
    void deletingAVolumeGivesItsGibBack() {
        String account = randomAccount();
        override(account, Map.of("volumeGiB.gp2", 20L));
        String volumeId = create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":20,\"volumeType\":\"gp2\"}");
        refused(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":1,\"volumeType\":\"gp2\"}",
                "VolumeLimitExceeded");
        awaitState(account, volumeId, "available");
        as(account).when().delete("/v1/volumes/" + volumeId).then().statusCode(204);
        // deleting still holds the GiB; deleted gives them back
        awaitState(account, volumeId, "deleted");
        Awaitility.await().atMost(DEADLINE).until(() -> used(account, "gp2") == 0L);
        create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":20,\"volumeType\":\"gp2\"}");
        assertEquals(20L, used(account, "gp2"));
    }

    @Test
    void aLaunchWhoseVolumesExceedTheQuotaFailsWithTheReasonAndCreatesNothing() {
        String account = randomAccount();
        override(account, Map.of("volumeGiB.gp3", 10L));
        String tooBig = Fixtures.newInstanceId();
        String fits = Fixtures.newInstanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            Fixtures.publish(bootstrap, Fixtures.requested(account, tooBig, 0, AZ,
                    List.of(Fixtures.root("gp3", 8), Fixtures.extra("/dev/sdf", "gp3", 5, true))));
            InstanceVolumesFailed failed = awaitOne(probe, tooBig, InstanceVolumesFailed.class);
            assertEquals("Client.VolumeLimitExceeded", failed.code());
            assertTrue(failed.message().contains("gp3") && failed.message().contains("10 GiB"), failed.message());
            as(account).queryParam("attachment.instanceId", tooBig).when().get("/v1/volumes").then()
                    .statusCode(200).body("volumes.size()", equalTo(0));
            assertEquals(0L, used(account, "gp3"));

            Fixtures.publish(bootstrap, Fixtures.requested(account, fits, 0, AZ,
                    List.of(Fixtures.root("gp3", 8), Fixtures.extra("/dev/sdf", "gp2", 500, false))));
            assertEquals(2, awaitOne(probe, fits, InstanceVolumesAttached.class).volumes().size());
            assertEquals(8L, used(account, "gp3"));
            assertEquals(500L, used(account, "gp2"));

            // termination deletes the root (delete-on-termination) and gives its GiB back; the data volume stays
            Fixtures.publish(bootstrap, Fixtures.terminated(account, fits, 0, AZ));
            Awaitility.await().atMost(DEADLINE).until(() -> used(account, "gp3") == 0L);
            assertEquals(500L, used(account, "gp2"));
        }
    }

    @Test
    void overridesRaiseAndLowerTheLimitAndAStaleOneIsIgnored() {
        String account = randomAccount();
        String volumeId = Fixtures.availableVolume(account, AZ, 1);
        Instant t0 = Instant.now().minusSeconds(60);
        override(account, Map.of("snapshots", 2L, "vcpus", 64L), t0);
        String first = snapshot(account, volumeId).then().statusCode(201).extract().path("snapshotId");
        snapshot(account, volumeId).then().statusCode(201);
        snapshot(account, volumeId).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("SnapshotLimitExceeded")).body("detail", containsString("2 snapshots"));

        override(account, Map.of("snapshots", 3L), t0.plusSeconds(1));
        snapshot(account, volumeId).then().statusCode(201);
        assertEquals(3L, used(account, "snapshots"));

        // an event older than the applied one changes nothing
        override(account, Map.of("snapshots", 1L), t0);
        assertEquals(3L, overrideValue(account, "snapshots"));
        snapshot(account, volumeId).then().statusCode(400).body("code", equalTo("SnapshotLimitExceeded"));
        override(account, Map.of("snapshots", 3L, "volumeGiB.io1", 10L), t0.plusSeconds(2));
        refused(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":11,\"volumeType\":\"io1\",\"iops\":100}",
                "VolumeLimitExceeded");

        // lowered below what is used: nothing is taken away, nothing more is granted until enough is deleted
        override(account, Map.of("snapshots", 2L), t0.plusSeconds(3));
        snapshot(account, volumeId).then().statusCode(400).body("code", equalTo("SnapshotLimitExceeded"));
        as(account).when().delete("/v1/snapshots/" + first).then().statusCode(204);
        assertEquals(2L, used(account, "snapshots"));
        snapshot(account, volumeId).then().statusCode(400).body("code", equalTo("SnapshotLimitExceeded"));

        // an event without the key: the configured default again
        override(account, Map.of(), t0.plusSeconds(4));
        snapshot(account, volumeId).then().statusCode(201);
        create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":11,\"volumeType\":\"io1\",\"iops\":100}");
    }

    @Test
    void modifyBeyondTheLimitIsRefusedAndATypeChangeHoldsBothTypesUntilItCompletes() {
        String account = randomAccount();
        override(account, Map.of("volumeGiB.gp3", 30L, "volumeGiB.gp2", 10L));
        String volumeId = create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":20,\"volumeType\":\"gp3\"}");
        awaitState(account, volumeId, "available");

        as(account).body("{\"size\":40}").when().patch("/v1/volumes/" + volumeId).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("VolumeLimitExceeded"))
                .body("detail", allOf(containsString("gp3"), containsString("30 GiB")));
        assertEquals(20L, used(account, "gp3"));
        as(account).when().get("/v1/volumes/" + volumeId).then().body("size", equalTo(20));

        as(account).body("{\"size\":30}").when().patch("/v1/volumes/" + volumeId).then().statusCode(200);
        assertEquals(30L, used(account, "gp3"));
        awaitModification(account, volumeId, "completed");

        as(account).body("{\"volumeType\":\"gp2\"}").when().patch("/v1/volumes/" + volumeId).then().statusCode(400)
                .body("code", equalTo("VolumeLimitExceeded")).body("detail", containsString("gp2"));
        assertEquals(0L, used(account, "gp2"));

        override(account, Map.of("volumeGiB.gp3", 30L, "volumeGiB.gp2", 30L), Instant.now());
        as(account).body("{\"volumeType\":\"gp2\"}").when().patch("/v1/volumes/" + volumeId).then().statusCode(200);
        assertEquals(30L, used(account, "gp2"));
        awaitModification(account, volumeId, "completed");
        Awaitility.await().atMost(DEADLINE).until(() -> used(account, "gp3") == 0L);
        assertEquals(30L, used(account, "gp2"));
    }

    @Test
    void redisLosingItsDataDuringALoadOfCreatesKeepsTheLimitAndTheCountersMatchTheDatabase() throws Exception {
        String account = randomAccount();
        override(account, Map.of("volumeGiB.gp3", 200L, "snapshots", 3L));
        String[] sources = new String[4];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":1,\"volumeType\":\"gp3\"}");
        }
        for (String source : sources) {
            awaitState(account, source, "available");
        }
        AtomicInteger done = new AtomicInteger();
        AtomicInteger wipes = new AtomicInteger();
        // 120 requests, 12 at a time; every 15th answer up to the 100th flushes Redis (FLUSHDB) while the others
        // are in flight (7 flushes). None later: the requests started after the last flush are what rebuilds the
        // keys, so a flush after the last reservation would leave nothing to compare with the database.
        List<Response> answers = concurrently(120, 12, i -> () -> {
            Response r = i % 10 == 0
                    ? snapshot(account, sources[(i / 10) % sources.length])
                    : as(account).body("{\"availabilityZone\":\"" + AZ + "\",\"size\":5,\"volumeType\":\"gp3\"}")
                            .when().post("/v1/volumes").andReturn();
            int answered = done.incrementAndGet();
            if (answered % 15 == 10 && answered <= 100) {
                flushRedis();
                wipes.incrementAndGet();
            }
            return r;
        });
        assertTrue(wipes.get() >= 7, "Redis was flushed during the load " + wipes.get() + " times");

        long volumes = 0;
        long snapshots = 0;
        for (Response r : answers) {
            if (r.statusCode() == 201) {
                if (r.asString().contains("snapshotId")) {
                    snapshots++;
                } else {
                    volumes++;
                }
            } else {
                assertEquals(400, r.statusCode(), r.asString());
                String code = r.path("code");
                assertTrue(code.equals("VolumeLimitExceeded") || code.equals("SnapshotLimitExceeded"), code);
            }
        }
        // 4 × 1 GiB sources + 39 × 5 GiB = 199 ≤ 200, a 40th would exceed it; 12 snapshots asked, 3 allowed
        assertEquals(39, volumes, "exactly as many 5 GiB volumes as fit");
        assertEquals(3, snapshots, "exactly as many snapshots as allowed");
        assertEquals(199L, databaseGib(account, "gp3"));
        // the counters equal the database without any repair...
        assertEquals(199L, used(account, "gp3"));
        assertEquals(3L, used(account, "snapshots"));
        assertEquals(3L, snapshotsInDatabase(account));
        // ...and the reconciler finds nothing to repair
        assertEquals(0L, quotas.rebuild(account, true).await().atMost(DEADLINE));
    }

    @Test
    void aRebuildCountsInProgressTypeChangesAndTheReconcilerRepairsDrift() {
        String account = randomAccount();
        String volumeId = create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":200,\"volumeType\":\"st1\"}");
        awaitState(account, volumeId, "available");
        // slow enough to still be in progress when the keys are rebuilt (2 ms per GiB in tests: 8 s for 4000 GiB)
        as(account).body("{\"volumeType\":\"sc1\",\"size\":4000}").when().patch("/v1/volumes/" + volumeId).then()
                .statusCode(200);
        flushRedis();
        quotas.ensure(account).await().atMost(DEADLINE);
        String state = as(account).when().get("/v1/volumes/" + volumeId + "/modification").then()
                .extract().path("modificationState");
        assertTrue(List.of("modifying", "optimizing").contains(state), "still in progress after the rebuild: " + state);
        assertEquals(4000L, used(account, "sc1"));
        assertEquals(200L, used(account, "st1"));

        // drift: a holder nobody has, and a counter changed by hand
        redis.hash(String.class).hset(quotas.ledger().holdersKey(account, "gp2"), "vol-0000000000000dead", "50");
        redis.value(String.class).set(quotas.ledger().usedKey(account, "gp2"), "50");
        reconciler.reconcileAll().await().atMost(DEADLINE);
        assertEquals(0L, used(account, "gp2"));
        assertEquals(null, redis.hash(String.class).hget(quotas.ledger().holdersKey(account, "gp2"), "vol-0000000000000dead"));
        awaitModification(account, volumeId, "completed");
        Awaitility.await().atMost(DEADLINE).until(() -> used(account, "st1") == 0L);
        assertEquals(4000L, used(account, "sc1"));
    }

    // ---- helpers

    private void override(String account, Map<String, Long> quotas) {
        override(account, quotas, Instant.now());
    }

    /** Publishes the overrides as compute-api would and waits until volume-service has consumed them. */
    private void override(String account, Map<String, Long> quotas, Instant at) {
        String id = UUID.randomUUID().toString();
        EventCodec.Encoded e = EventCodec.encode(id, "compute-api", new AccountQuotasChanged(account, quotas, at),
                Instant.now());
        EventProbe.send(bootstrap, e.topic(), e.key(), e.json());
        Awaitility.await().atMost(DEADLINE).until(() -> ((Number) Fixtures.query("SELECT COUNT(*) FROM consumed_event "
                + "WHERE consumer = 'volume-service.account-events' AND event_id = :id", id)).longValue() == 1);
    }

    private static long overrideValue(String account, String quota) {
        Number v = Fixtures.query("SELECT MAX(quota_value) FROM quota_override WHERE quota = '" + quota
                + "' AND account_id = :id", account);
        return v.longValue();
    }

    private long used(String account, String quota) {
        Long used = quotas.used(account).await().atMost(DEADLINE).get(quota);
        return used == null ? -1 : used;
    }

    private static long databaseGib(String account, String type) {
        Number sum = Fixtures.query("SELECT COALESCE(SUM(size_gib), 0) FROM volume WHERE state <> 'deleted' "
                + "AND volume_type = '" + type + "' AND account_id = :id", account);
        return sum.longValue();
    }

    private static long snapshotsInDatabase(String account) {
        Number n = Fixtures.query("SELECT COUNT(*) FROM snapshot WHERE account_id = :id", account);
        return n.longValue();
    }

    /**
     * Redis losing its data, as a restart would (it keeps nothing on disk): a real {@code FLUSHDB} of
     * volume-service's test database (Redis database 5, its own), every account's counters, locks and rate buckets.
     */
    private void flushRedis() {
        redis.execute("FLUSHDB");
    }

    private static Response snapshot(String account, String volumeId) {
        return as(account).body("{\"volumeId\":\"" + volumeId + "\"}").when().post("/v1/snapshots").andReturn();
    }

    private static void refused(String account, String body, String code) {
        as(account).body(body).when().post("/v1/volumes").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo(code));
    }

    private static void awaitModification(String account, String volumeId, String state) {
        Awaitility.await().atMost(DEADLINE).until(() -> state.equals(as(account).when()
                .get("/v1/volumes/" + volumeId + "/modification").then().statusCode(200)
                .extract().path("modificationState")));
    }

    private interface Request {
        Callable<Response> of(int i);
    }

    private static List<Response> concurrently(int n, int threads, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(request.of(i)));
            }
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    private static <T> T awaitOne(EventProbe probe, String instanceId, Class<T> type) {
        return ofInstance(probe.awaitEvents(DEADLINE, es -> !ofInstance(es, instanceId, type).isEmpty()), instanceId,
                type).get(0);
    }

    private static <T> List<T> ofInstance(List<Envelope> events, String instanceId, Class<T> type) {
        return events.stream().filter(e -> instanceId.equals(e.subject())).map(Envelope::data)
                .filter(type::isInstance).map(type::cast).toList();
    }
}
