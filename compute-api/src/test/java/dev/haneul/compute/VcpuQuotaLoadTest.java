package dev.haneul.compute;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The done-when items for the vCPU quota (32 in the test profile): 200 launches at once never leave
 * more than 32 vCPUs pending or running and every refusal says {@code VcpuLimitExceeded} with the limit; and
 * when Redis loses the account's counters in the middle of such a load, the limit still holds and the counters
 * afterwards equal the database's sum.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class VcpuQuotaLoadTest {
    static final Map<String, Integer> VCPUS = Map.of("t3.micro", 2, "m5.xlarge", 4);

    @TestHTTPResource("/v1/instances")
    URL instances;

    @Inject
    RedisDataSource redis;

    record Outcome(int status, String body) {
    }

    @Test
    void twoHundredConcurrentLaunchesNeverExceed32Vcpus() throws Exception {
        String account = LaunchSagaTest.newAccount();
        List<Outcome> outcomes = load(account, null);
        check(account, outcomes);
    }

    /**
     * Redis loses its data while launches are in flight: a real {@code FLUSHDB} of compute-api's test database
     * (Redis database 4, its own), which also takes the other accounts' counters, the locks and the rate buckets.
     */
    @Test
    void redisLosingItsDataMidLoadLetsNoLaunchThroughAndTheCountersAreRebuiltExactly() throws Exception {
        String account = LaunchSagaTest.newAccount();
        List<Outcome> outcomes = load(account, () -> redis.execute("FLUSHDB"));
        check(account, outcomes);
    }

    /** 200 launches at once (alternating 2 and 4 vCPUs); {@code midway} runs after the first 40 answers. */
    private List<Outcome> load(String account, Runnable midway) throws Exception {
        String token = TestTokens.user(account);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<Outcome>> calls = new ArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch forty = new CountDownLatch(40);
        for (int n = 0; n < 200; n++) {
            String type = n % 2 == 0 ? "t3.micro" : "m5.xlarge";
            HttpRequest request = HttpRequest.newBuilder(URI.create(instances.toString()))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"imageId\":\"" + SagaDriver.UBUNTU + "\",\"instanceType\":\"" + type + "\"}"))
                    .build();
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                answered.incrementAndGet();
                forty.countDown();
                return new Outcome(r.statusCode(), r.body());
            }));
        }
        if (midway != null) {
            forty.await();
            midway.run();
            assertTrue(answered.get() < 200, "the counters were lost while launches were still in flight");
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<Outcome> c : calls) {
            outcomes.add(c.get());
        }
        return outcomes;
    }

    private void check(String account, List<Outcome> outcomes) {
        int accepted = 0;
        for (Outcome o : outcomes) {
            if (o.status() == 202) {
                accepted++;
            } else {
                assertEquals(400, o.status(), o.body());
                assertTrue(o.body().contains("\"VcpuLimitExceeded\""), o.body());
                assertTrue(o.body().contains("vCPU limit of 32"), o.body());
            }
        }
        String token = TestTokens.user(account);
        List<Map<String, Object>> listed = given().auth().oauth2(token).when().get("/v1/instances?limit=1000")
                .then().statusCode(200).extract().path("instances");
        Map<String, Integer> holders = new HashMap<>();
        int sum = 0;
        for (Map<String, Object> i : listed) {
            @SuppressWarnings("unchecked")
            String state = ((Map<String, Object>) i.get("state")).get("name").toString();
            assertEquals("pending", state);
            int v = VCPUS.get(i.get("instanceType").toString());
            holders.put(i.get("instanceId").toString(), v);
            sum += v;
        }
        assertEquals(accepted, listed.size(), "every accepted launch is one pending instance");
        assertTrue(sum <= 32, "pending vCPUs " + sum + " exceed the limit of 32");
        assertTrue(sum > 32 - 4, "the quota was filled (" + sum + " of 32 vCPUs): refusals were real");

        // a launch afterwards is still refused (and rebuilds the counters if nothing did since they were lost)
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("imageId", SagaDriver.UBUNTU, "instanceType", "m5.xlarge"))
                .when().post("/v1/instances").then().statusCode(400)
                .body("code", Matchers.equalTo("VcpuLimitExceeded"));

        // the counters (rebuilt if they were lost) match the database exactly
        Long used = redis.value(Long.class).get("haneul:compute-quota:{" + account + "}:vcpus:used");
        assertEquals(sum, used == null ? -1 : used.intValue());
        Map<String, Integer> redisHolders = new HashMap<>();
        redis.hash(Integer.class).hgetall("haneul:compute-quota:{" + account + "}:vcpus:holders").forEach(redisHolders::put);
        assertEquals(holders, redisHolders);
    }
}
