package dev.haneul.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The scheduled vCPU quota reconciler (every second in the test profile) repairs Redis counters that drifted
 * from the database: a counter changed by hand, a holder lost, a holder nobody has. And while Redis counts too
 * little, the database's check still refuses a start that would exceed the limit.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class VcpuQuotaReconcilerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @KafkaBootstrap
    String kafka;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry meters;

    private static String used(String account) {
        return "haneul:compute-quota:{" + account + "}:vcpus:used";
    }

    private static String holders(String account) {
        return "haneul:compute-quota:{" + account + "}:vcpus:holders";
    }

    private Map<String, Long> redisHolders(String account) {
        return new HashMap<>(redis.hash(Long.class).hgetall(holders(account)));
    }

    private Long redisUsed(String account) {
        return redis.value(Long.class).get(used(account));
    }

    private double repairs(String kind) {
        var c = meters.find("haneul.quota.reconciler.repairs").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    /** Three pending instances: 2 + 2 + 4 vCPUs, as the database holds them. */
    private Map<String, Long> launchThree(String account) {
        String token = TestTokens.user(account);
        Map<String, Long> held = new HashMap<>();
        for (String type : List.of("t3.micro", "t3.micro", "m5.xlarge")) {
            String id = LaunchSagaTest.launch(token, Map.of("imageId", SagaDriver.UBUNTU, "instanceType", type))
                    .statusCode(202).extract().path("instances[0].instanceId");
            held.put(id, type.equals("t3.micro") ? 2L : 4L);
        }
        assertEquals(held, redisHolders(account));
        assertEquals(8L, redisUsed(account));
        return held;
    }

    @Test
    void aCounterChangedByHandIsSetBackToTheDatabasesFigure() {
        String account = LaunchSagaTest.newAccount();
        Map<String, Long> held = launchThree(account);
        double before = repairs("counter");

        redis.value(Long.class).incrby(used(account), 20);
        Awaitility.await().atMost(DEADLINE).until(() -> Long.valueOf(8).equals(redisUsed(account)));
        assertEquals(held, redisHolders(account));
        assertTrue(repairs("counter") > before, "the repair was counted");
    }

    @Test
    void aLostHolderIsRestoredAndAHolderNobodyHasIsRemoved() {
        String account = LaunchSagaTest.newAccount();
        Map<String, Long> held = launchThree(account);
        String lost = held.entrySet().stream().filter(e -> e.getValue() == 4L).findFirst().orElseThrow().getKey();
        double before = repairs("holder");

        // one holder gone (its 4 vCPUs with it), and one that no instance has (8 vCPUs): counter 8 - 4 + 8 = 12
        redis.hash(Long.class).hdel(holders(account), lost);
        redis.hash(Long.class).hset(holders(account), "i-0000000000000dead", 8L);
        redis.value(Long.class).set(used(account), 12L);

        Awaitility.await().atMost(DEADLINE).until(() -> held.equals(redisHolders(account)));
        assertEquals(8L, redisUsed(account));
        assertTrue(repairs("holder") >= before + 2, "both repairs were counted");

        // the repaired counters enforce the limit as the database does: 32 - 8 leaves room for 6 × 4 vCPUs
        String token = TestTokens.user(account);
        LaunchSagaTest.launch(token, Map.of("imageId", SagaDriver.UBUNTU, "instanceType", "m5.xlarge",
                "minCount", 6, "maxCount", 6)).statusCode(202);
        LaunchSagaTest.launch(token, Map.of("imageId", SagaDriver.UBUNTU, "instanceType", "t3.micro"))
                .statusCode(400).body("code", Matchers.equalTo("VcpuLimitExceeded"));
        assertEquals(32L, redisUsed(account));
    }

    @Test
    void aStartIsCheckedInTheDatabaseWhenRedisCountsTooLittle() {
        SagaDriver d = new SagaDriver(kafka);
        String stopped = d.launchId(Map.of("imageId", SagaDriver.UBUNTU, "instanceType", "m5.xlarge"));
        d.run(stopped, 0, "host-rq", null);
        d.stop(stopped, 0, "host-rq");
        // the limit (32) is full with eight pending m5.xlarge
        d.launch(Map.of("imageId", SagaDriver.UBUNTU, "instanceType", "m5.xlarge", "minCount", 8, "maxCount", 8))
                .statusCode(202);
        assertEquals(32L, redisUsed(d.account));

        // Redis lost one of them (as a flush between a reservation and its commit would): it counts 28
        String forgotten = redisHolders(d.account).keySet().iterator().next();
        redis.hash(Long.class).hdel(holders(d.account), forgotten);
        redis.value(Long.class).set(used(d.account), 28L);

        RestAssured.given().auth().oauth2(d.token).when().post("/v1/instances/" + stopped + "/start")
                .then().statusCode(400).body("code", Matchers.equalTo("VcpuLimitExceeded"));
        assertEquals("stopped", d.state(stopped));
        RestAssured.given().auth().oauth2(d.token).contentType("application/json")
                .body(Map.of("instanceIds", List.of(stopped))).when().post("/v1/instances/start")
                .then().statusCode(400).body("code", Matchers.equalTo("VcpuLimitExceeded"));
        assertEquals("stopped", d.state(stopped));
        // and the reconciler restores what Redis lost
        Awaitility.await().atMost(DEADLINE).until(() -> Long.valueOf(32).equals(redisUsed(d.account)));
        assertTrue(redisHolders(d.account).containsKey(forgotten));
    }
}
