package dev.haneul.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./haneul audit} on the whole stack, as an operator runs it: once launched instances are running, every
 * service agrees (exit 0); an allocation planted straight into the scheduler's database, for an instance nobody
 * launched and not counted in its host's usage, is reported as an orphan and as the host's broken usage (exit 1).
 */
@ExtendWith(SharedStack.class)
class AuditEndToEndTest {
    static final String UBUNTU = "ami-0a1b2c3d4e5f60001";
    static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aSettledStackIsConsistentAndAPlantedOrphanIsReported() {
        Stack stack = SharedStack.stack();
        String token = SharedStack.adminToken();
        List<String> ids = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "minCount", 2, "maxCount", 2))
                .when().post("/v1/instances").then().statusCode(202).extract().path("instances.instanceId");
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> ids.stream()
                .allMatch(id -> "running".equals(given().auth().oauth2(token).get("/v1/instances/" + id).then()
                        .statusCode(200).extract().path("state.name"))));

        // every service has handled the saga's last events once the audit, judging everything, finds nothing
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.haneul("audit", "--in-flight", "0").exit() == 0);
        Stack.Result clean = stack.haneul("audit", "--in-flight", "0");
        assertEquals(0, clean.exit(), clean.output());
        assertTrue(clean.output().contains(": CONSISTENT"), clean.output());
        assertTrue(clean.output().matches("(?s).*instances judged: ([2-9]|\\d\\d+);.*"), clean.output());

        String host = given().auth().oauth2(token).get("/v1/hosts").then().statusCode(200).extract()
                .path("hosts[0].hostId");
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        String orphan = "i-e" + HexFormat.of().formatHex(b);
        stack.sql("scheduler", "INSERT INTO allocation (instance_id, account_id, attempt, host_id, instance_type,"
                + " vcpus, memory_mib, gpus, created_at) VALUES ('" + orphan + "', '000000000001', 0, '" + host
                + "', 't3.micro', 2, 1024, 0, NOW(6))");
        try {
            // the default window: an instance compute-api does not know is judged at once
            Stack.Result dirty = stack.haneul("audit");
            assertEquals(1, dirty.exit(), dirty.output());
            assertTrue(dirty.output().contains(": INCONSISTENT"), dirty.output());
            assertTrue(dirty.output().matches("(?s).*Orphan\\s+scheduler\\s+" + orphan + " \\[unknown].*"),
                    dirty.output());
            assertTrue(dirty.output().matches("(?s).*HostUsageMismatch\\s+scheduler\\s+" + host + "\\b.*"),
                    dirty.output());
            Stack.Result json = stack.haneul("audit", "--json");
            assertEquals(1, json.exit());
            assertTrue(json.output().contains("\"result\":\"inconsistent\""), json.output());
        } finally {
            stack.sql("scheduler", "DELETE FROM allocation WHERE instance_id = '" + orphan + "'");
        }
        Stack.Result again = stack.haneul("audit", "--in-flight", "0");
        assertEquals(0, again.exit(), again.output());
    }
}
