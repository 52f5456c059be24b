package dev.haneul.volume.audit;

import static dev.haneul.volume.Fixtures.AZ;
import static dev.haneul.volume.Fixtures.newInstanceId;
import static dev.haneul.volume.Fixtures.randomAccount;
import static dev.haneul.volume.Fixtures.runningInstance;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.kit.Ids;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * volume-service's side of the consistency audit over the real database: a running instance is listed with its
 * root volume; a planted volume attached to an instance no launch was seen of is listed and reported, as is an
 * {@code in-use} volume attached to nothing. Admins only.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditResourceTest {
    @KafkaBootstrap
    String bootstrap;

    @Test
    void listsTheAttachedVolumesByInstanceAndReportsPlantedOnes() {
        String account = randomAccount();
        String instance = runningInstance(bootstrap, account, AZ);
        String orphan = newInstanceId();
        String orphanVolume = Ids.newId("vol");
        String unattached = Ids.newId("vol");
        try {
            plant(orphanVolume, account, "'in-use'", "'" + orphan + "'", "'/dev/xvda'", "'attached'");
            plant(unattached, account, "'in-use'", "NULL", "NULL", "NULL");

            Map<String, List<Map<String, Object>>> held = new HashMap<>();
            List<Map<String, Object>> violations = new ArrayList<>();
            String token = null;
            do {
                var page = given().auth().oauth2(TestTokens.admin(account)).queryParam("limit", 1000)
                        .queryParams(token == null ? Map.of() : Map.of("nextToken", token))
                        .get("/v1/admin/audit").then().statusCode(200).body("service", equalTo("volume"))
                        .extract();
                List<Map<String, Object>> instances = page.path("instances");
                instances.forEach(i -> held.put((String) i.get("instanceId"), holds(i)));
                if (token == null) {
                    violations.addAll(page.path("violations"));
                }
                token = page.path("nextToken");
            } while (token != null);

            List<Map<String, Object>> volumes = held.get(instance);
            assertEquals(1, volumes.size(), "the root volume: " + volumes);
            assertEquals("volume", volumes.get(0).get("kind"));
            assertEquals("/dev/xvda attached, root, deleted on termination", volumes.get(0).get("detail"));
            assertEquals(orphanVolume, held.get(orphan).get(0).get("id"));
            assertTrue(violations.stream().anyMatch(v -> "AttachedToUnknownInstance".equals(v.get("code"))
                    && orphanVolume.equals(v.get("subject"))), () -> "" + violations);
            assertTrue(violations.stream().anyMatch(v -> "InUseWithoutAttachment".equals(v.get("code"))
                    && unattached.equals(v.get("subject"))), () -> "" + violations);
            String root = (String) volumes.get(0).get("id");
            assertTrue(violations.stream().noneMatch(v -> root.equals(v.get("subject"))), () -> "" + violations);
        } finally {
            update("DELETE FROM volume WHERE volume_id IN ('" + orphanVolume + "', '" + unattached + "')");
        }
    }

    @Test
    void isForAdminsOnly() {
        given().auth().oauth2(TestTokens.user(randomAccount())).get("/v1/admin/audit")
                .then().statusCode(403).body("code", equalTo("UnauthorizedOperation"));
    }

    private static void plant(String volumeId, String account, String state, String instance, String device,
            String attachment) {
        update("INSERT INTO volume (volume_id, account_id, availability_zone, size_gib, volume_type, encrypted,"
                + " state, create_time, instance_id, device, attachment_state) VALUES ('" + volumeId + "', '"
                + account + "', '" + AZ + "', 8, 'gp3', false, " + state + ", NOW(6), " + instance + ", " + device
                + ", " + attachment + ")");
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
