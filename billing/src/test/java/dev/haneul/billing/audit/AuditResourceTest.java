package dev.haneul.billing.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.billing.support.Db;
import dev.haneul.billing.support.Events;
import dev.haneul.events.EventCodec;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Billing's side of the consistency audit over the real database: a running instance is listed with its open
 * usage, a stopped one is not; a planted second open meter of an instance nobody launched is listed and reported,
 * as is a meter that ends before it starts. Admins only.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditResourceTest {
    @KafkaBootstrap
    String bootstrap;

    @Test
    void listsTheOpenUsageByInstanceAndReportsPlantedMeters() {
        String account = Events.account();
        String running = Events.instanceId();
        String stopped = Events.instanceId();
        Instant start = Instant.now().minusSeconds(600);
        EventCodec.Encoded runs = Events.running(account, running, 0, "t3.micro", start);
        Events.send(bootstrap, runs);
        Events.send(bootstrap, Events.running(account, stopped, 0, "t3.micro", start));
        EventCodec.Encoded stopping = Events.stopping(account, stopped, 0, "t3.micro", start.plusSeconds(60));
        Events.send(bootstrap, stopping);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> Db.hasFact(runs.id()) && Db.hasFact(stopping.id()));

        String orphan = Events.instanceId();
        List<String> planted = List.of(orphan + "/a", orphan + "/b", orphan + "/backwards");
        try {
            meter(planted.get(0), account, orphan, "'2026-11-01 00:00:00'", "NULL");
            meter(planted.get(1), account, orphan, "'2026-11-02 00:00:00'", "NULL");
            meter(planted.get(2), account, orphan, "'2026-11-03 00:00:00'", "'2026-11-02 00:00:00'");

            Map<String, List<Map<String, Object>>> held = new HashMap<>();
            List<Map<String, Object>> violations = new ArrayList<>();
            String token = null;
            do {
                var page = given().auth().oauth2(TestTokens.admin(account)).queryParam("limit", 1000)
                        .queryParams(token == null ? Map.of() : Map.of("nextToken", token))
                        .get("/v1/admin/audit").then().statusCode(200).body("service", equalTo("billing"))
                        .extract();
                List<Map<String, Object>> instances = page.path("instances");
                instances.forEach(i -> held.put((String) i.get("instanceId"), holds(i)));
                if (token == null) {
                    violations.addAll(page.path("violations"));
                }
                token = page.path("nextToken");
            } while (token != null);

            List<Map<String, Object>> usage = held.get(running);
            assertEquals(1, usage.size(), "one open meter: " + usage);
            assertEquals("usage", usage.get(0).get("kind"));
            assertTrue(((String) usage.get(0).get("detail")).startsWith("instance-running t3.micro since "),
                    () -> "" + usage);
            assertNull(held.get(stopped), "a stopped instance is not metered");
            assertEquals(List.of(planted.get(0), planted.get(1)),
                    held.get(orphan).stream().map(h -> h.get("id")).toList());
            assertTrue(violations.stream().anyMatch(v -> "MoreThanOneOpenMeter".equals(v.get("code"))
                    && orphan.equals(v.get("subject"))), () -> "" + violations);
            assertTrue(violations.stream().anyMatch(v -> "MeterEndsBeforeItStarts".equals(v.get("code"))
                    && planted.get(2).equals(v.get("subject"))), () -> "" + violations);
            assertTrue(violations.stream().noneMatch(v -> running.equals(v.get("subject"))), () -> "" + violations);
        } finally {
            update("DELETE FROM meter WHERE resource_id = '" + orphan + "'");
        }
    }

    @Test
    void isForAdminsOnly() {
        given().auth().oauth2(TestTokens.user(Events.account())).get("/v1/admin/audit")
                .then().statusCode(403).body("code", equalTo("UnauthorizedOperation"));
    }

    private static void meter(String id, String account, String instance, String start, String end) {
        update("INSERT INTO meter (id, account_id, resource_id, meter_kind, unit, quantity, price_key, started_at,"
                + " ended_at, minimum_seconds) VALUES ('" + id + "', '" + account + "', '" + instance
                + "', 'instance-running', 'instance', 1, 't3.micro', " + start + ", " + end + ", 60)");
    }

    private static void update(String sql) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery(sql).executeUpdate())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> holds(Map<String, Object> instance) {
        return (List<Map<String, Object>>) instance.get("holds");
    }
}
