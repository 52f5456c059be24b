package dev.haneul.scheduler.audit;

import static dev.haneul.scheduler.SchedulerFixtures.account;
import static dev.haneul.scheduler.SchedulerFixtures.allocation;
import static dev.haneul.scheduler.SchedulerFixtures.host;
import static dev.haneul.scheduler.SchedulerFixtures.instanceId;
import static dev.haneul.scheduler.SchedulerFixtures.publish;
import static dev.haneul.scheduler.SchedulerFixtures.request;
import static dev.haneul.scheduler.SchedulerFixtures.sql;
import static dev.haneul.scheduler.SchedulerFixtures.zone;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's side of the consistency audit over the real database: a placed instance is listed with its
 * host and a consistent host is not a violation; a planted allocation nobody launched (its host's usage not
 * counting it) and one on an unregistered host are listed and reported as violations. Admins only.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditResourceTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @KafkaBootstrap
    String bootstrap;

    private final String account = account();
    private final String admin = TestTokens.admin(account);

    @Test
    void listsTheAllocationsWithTheirHostsAndReportsAPlantedInconsistency() {
        String az = zone();
        String healthy = "host-" + az + "-01";
        String planted = "host-" + az + "-02";
        publish(bootstrap, host(healthy, az, 16, 65536));
        publish(bootstrap, host(planted, az, 16, 65536));
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).get("/v1/hosts/" + planted)
                .statusCode() == 200);
        String launched = instanceId();
        publish(bootstrap, request(account, launched, az, "m5.large", 2, 8192));
        await().atMost(DEADLINE).until(() -> allocation(launched) != null);
        String placedOn = allocation(launched).hostId;
        String clean = placedOn.equals(healthy) ? planted : healthy;
        String dirty = placedOn;

        String orphan = instanceId();
        String lost = instanceId();
        try {
            sql("INSERT INTO allocation (instance_id, account_id, attempt, host_id, instance_type, vcpus, memory_mib,"
                    + " gpus, created_at) VALUES (?, ?, 0, ?, 'm5.large', 2, 8192, 0, NOW(6))", orphan, account, dirty);
            sql("INSERT INTO allocation (instance_id, account_id, attempt, host_id, instance_type, vcpus, memory_mib,"
                    + " gpus, created_at) VALUES (?, ?, 0, ?, 'm5.large', 2, 8192, 0, NOW(6))", lost, account,
                    "host-" + az + "-gone");

            Map<String, Map<String, Object>> held = new java.util.HashMap<>();
            List<Map<String, Object>> violations = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                var page = given().auth().oauth2(admin).queryParam("limit", 1000)
                        .queryParams(token == null ? Map.of() : Map.of("nextToken", token))
                        .get("/v1/admin/audit").then().statusCode(200).body("service", equalTo("scheduler"))
                        .extract();
                List<Map<String, Object>> instances = page.path("instances");
                instances.forEach(i -> held.put((String) i.get("instanceId"), i));
                List<Map<String, Object>> v = page.path("violations");
                if (pages == 0) {
                    violations.addAll(v);
                } else {
                    assertTrue(v.isEmpty(), "violations come on the first page only");
                }
                token = page.path("nextToken");
                pages++;
            } while (token != null);

            assertEquals(dirty, holding(held, launched).get("id"));
            assertEquals("allocation", holding(held, launched).get("kind"));
            assertEquals(dirty, holding(held, orphan).get("id"));
            assertEquals("host-" + az + "-gone", holding(held, lost).get("id"));
            assertTrue(violations.stream().anyMatch(v -> "HostUsageMismatch".equals(v.get("code"))
                    && dirty.equals(v.get("subject")) && ((String) v.get("detail")).contains("2 vCPUs")
                    && ((String) v.get("detail")).contains("up to 4 vCPUs")), () -> "violations: " + violations);
            assertTrue(violations.stream().noneMatch(v -> clean.equals(v.get("subject"))), () -> "" + violations);
            assertTrue(violations.stream().anyMatch(v -> "AllocationOnUnknownHost".equals(v.get("code"))
                    && lost.equals(v.get("subject"))), () -> "violations: " + violations);
        } finally {
            sql("DELETE FROM allocation WHERE instance_id IN (?, ?)", orphan, lost);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> holding(Map<String, Map<String, Object>> held, String instanceId) {
        Map<String, Object> i = held.get(instanceId);
        assertTrue(i != null, instanceId + " is not listed");
        List<Map<String, Object>> holds = (List<Map<String, Object>>) i.get("holds");
        assertEquals(1, holds.size());
        return holds.get(0);
    }

    @Test
    void pagesByInstanceIdAndRefusesTenantsAndBadTokens() {
        String az = zone();
        String host = "host-" + az + "-01";
        publish(bootstrap, host(host, az, 64, 262144));
        // the host first: a request read before its host (another topic) finds no capacity and is never placed
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).get("/v1/hosts/" + host)
                .statusCode() == 200);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = instanceId();
            ids.add(id);
            publish(bootstrap, request(account, id, az, "t3.micro", 1, 1024));
        }
        await().atMost(DEADLINE).until(() -> ids.stream().allMatch(id -> allocation(id) != null));
        var first = given().auth().oauth2(admin).queryParam("limit", 5).get("/v1/admin/audit")
                .then().statusCode(200).body("instances.size()", equalTo(5)).extract();
        List<String> firstIds = first.path("instances.instanceId");
        String next = first.path("nextToken");
        List<String> secondIds = given().auth().oauth2(admin).queryParam("limit", 5).queryParam("nextToken", next)
                .get("/v1/admin/audit").then().statusCode(200).extract().path("instances.instanceId");
        assertTrue(firstIds.get(4).compareTo(secondIds.get(0)) < 0, "the second page goes on after the first");

        given().auth().oauth2(TestTokens.user(account)).get("/v1/admin/audit")
                .then().statusCode(403).body("code", equalTo("UnauthorizedOperation"));
        given().auth().oauth2(admin).queryParam("nextToken", "!!").get("/v1/admin/audit")
                .then().statusCode(400).body("code", equalTo("InvalidNextToken"));
    }
}
