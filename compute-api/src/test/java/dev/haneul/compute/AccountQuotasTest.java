package dev.haneul.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.account.AccountQuotasChanged;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Admin quota overrides: effective values, validation, the event, and the limits compute-api applies. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AccountQuotasTest {
    @KafkaBootstrap
    String kafka;

    static String admin() {
        return AccessKeysTest.token("AKIATESTBOOTSTRAP001", "test-secret-0123456789012345678901234567");
    }

    @Test
    void effectiveValuesAreDefaultsMergedWithOverridesAndEveryChangeIsPublished() {
        String admin = admin();
        String account = AccessKeysTest.newAccount()[0];
        given().auth().oauth2(admin).when().get("/v1/accounts/" + account + "/quotas").then().statusCode(200)
                .body("vcpus", equalTo(32)).body("keyPairs", equalTo(5000)).body("elasticIps", equalTo(5))
                .body("vpcs", equalTo(5)).body("internetGateways", equalTo(5)).body("securityGroups", equalTo(2500))
                .body("'volumeGiB.gp3'", equalTo(51200)).body("'volumeGiB.standard'", equalTo(51200))
                .body("snapshots", equalTo(100000));

        try (EventProbe events = new EventProbe(kafka, Topics.ACCOUNT_EVENTS)) {
            given().auth().oauth2(admin).contentType("application/json").body(Map.of("vcpus", 64, "elasticIps", 10))
                    .when().put("/v1/accounts/" + account + "/quotas").then().statusCode(200)
                    .body("vcpus", equalTo(64)).body("elasticIps", equalTo(10)).body("vpcs", equalTo(5));
            // merged with the earlier overrides; null goes back to the default
            Map<String, Object> second = new HashMap<>();
            second.put("volumeGiB.io2", 100);
            second.put("elasticIps", null);
            given().auth().oauth2(admin).contentType("application/json").body(second)
                    .when().put("/v1/accounts/" + account + "/quotas").then().statusCode(200)
                    .body("vcpus", equalTo(64)).body("elasticIps", equalTo(5)).body("'volumeGiB.io2'", equalTo(100));
            given().auth().oauth2(admin).when().get("/v1/accounts/" + account + "/quotas").then().statusCode(200)
                    .body("vcpus", equalTo(64)).body("'volumeGiB.io2'", equalTo(100)).body("elasticIps", equalTo(5));

            List<Envelope> seen = events.awaitEvents(Duration.ofSeconds(30), list -> EventProbe
                    .ofType(list, AccountQuotasChanged.class).stream().filter(e -> e.accountId().equals(account))
                    .count() == 2);
            List<AccountQuotasChanged> mine = EventProbe.ofType(seen, AccountQuotasChanged.class).stream()
                    .filter(e -> e.accountId().equals(account)).toList();
            assertEquals(Map.of("vcpus", 64L, "elasticIps", 10L), mine.get(0).quotas());
            assertEquals(Map.of("vcpus", 64L, "volumeGiB.io2", 100L), mine.get(1).quotas());
        }
    }

    @Test
    void onlyKnownKeysWithNonNegativeIntegersAndOnlyAdmins() {
        String admin = admin();
        String account = AccessKeysTest.newAccount()[0];
        String path = "/v1/accounts/" + account + "/quotas";
        for (String bad : List.of("{\"cpus\": 4}", "{\"vcpus\": -1}", "{\"vcpus\": 1.5}", "{\"vcpus\": \"8\"}",
                "{\"volumeGiB.gp9\": 1}", "{\"vcpus\": 99999999999999999999999}", "{}", "[1]")) {
            given().auth().oauth2(admin).contentType("application/json").body(bad).when().put(path).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("code", oneOf("InvalidParameterValue", "UnknownParameter"));
        }
        given().auth().oauth2(admin).when().get(path).then().statusCode(200).body("vcpus", equalTo(32));
        given().auth().oauth2(TestTokens.user(account)).when().get(path).then().statusCode(403);
        given().auth().oauth2(TestTokens.user(account)).contentType("application/json").body("{\"vcpus\": 999}")
                .when().put(path).then().statusCode(403);
        given().when().get(path).then().statusCode(401);
        given().auth().oauth2(admin).when().get("/v1/accounts/999999999999/quotas").then().statusCode(404)
                .body("code", equalTo("NoSuchEntity"));
        given().auth().oauth2(admin).when().get("/v1/accounts/nope/quotas").then().statusCode(404);
    }

    @Test
    void theVcpuOverrideIsTheLimitOfLaunches() {
        String account = AccessKeysTest.newAccount()[0];
        String token = TestTokens.user(account);
        given().auth().oauth2(admin()).contentType("application/json").body(Map.of("vcpus", 4))
                .when().put("/v1/accounts/" + account + "/quotas").then().statusCode(200);
        Map<String, Object> micro = Map.of("imageId", SagaDriver.UBUNTU, "instanceType", "t3.micro");
        LaunchSagaTest.launch(token, micro).statusCode(202);
        LaunchSagaTest.launch(token, micro).statusCode(202);
        LaunchSagaTest.launch(token, micro).statusCode(400).body("code", equalTo("VcpuLimitExceeded"))
                .body("detail", containsString("vCPU limit of 4"));
        // raised: more fits
        given().auth().oauth2(admin()).contentType("application/json").body(Map.of("vcpus", 6))
                .when().put("/v1/accounts/" + account + "/quotas").then().statusCode(200);
        LaunchSagaTest.launch(token, micro).statusCode(202);
        LaunchSagaTest.launch(token, micro).statusCode(400).body("detail", containsString("vCPU limit of 6"));
    }

    @Test
    void racingKeyPairCreatesNeverExceedTheOverride() throws Exception {
        String account = AccessKeysTest.newAccount()[0];
        String token = TestTokens.user(account);
        given().auth().oauth2(admin()).contentType("application/json").body(Map.of("keyPairs", 3))
                .when().put("/v1/accounts/" + account + "/quotas").then().statusCode(200);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            String name = "k" + n;
            calls.add(pool.submit(() -> {
                var r = given().auth().oauth2(token).contentType("application/json")
                        .body(Map.of("keyName", name, "keyType", "ed25519")).when().post("/v1/key-pairs").then()
                        .extract();
                if (r.statusCode() != 201) {
                    assertEquals(400, r.statusCode());
                    assertEquals("KeyPairLimitExceeded", r.path("code"));
                    assertTrue(r.<String>path("detail").contains("3"));
                }
                return r.statusCode();
            }));
        }
        long created = 0;
        for (Future<Integer> f : calls) {
            created += f.get() == 201 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(3, created);
        given().auth().oauth2(token).when().get("/v1/key-pairs").then().statusCode(200)
                .body("keyPairs.size()", equalTo(3));
    }
}
