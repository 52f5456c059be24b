package dev.haneul.scheduler.host;

import static dev.haneul.scheduler.SchedulerFixtures.account;
import static dev.haneul.scheduler.SchedulerFixtures.host;
import static dev.haneul.scheduler.SchedulerFixtures.publish;
import static dev.haneul.scheduler.SchedulerFixtures.zone;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostRegistered;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HostResourceTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @KafkaBootstrap
    String bootstrap;

    private final String admin = TestTokens.admin(account());

    @Test
    void registeredHostsAreListedWithTheirCapacity() {
        String az = zone();
        for (int i = 1; i <= 6; i++) {
            publish(bootstrap, host("host-" + az + "-0" + i, az, 16, 65536));
        }
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).queryParam("availabilityZone", az)
                .get("/v1/hosts").then().statusCode(200).extract().jsonPath().getList("hosts").size() == 6);

        given().auth().oauth2(admin).queryParam("availabilityZone", az).queryParam("limit", 5).get("/v1/hosts")
                .then().statusCode(200)
                .body("hosts.size()", equalTo(5)).body("nextToken", notNullValue())
                .body("hosts[0].hostId", equalTo("host-" + az + "-01"))
                .body("hosts[0].availabilityZone", equalTo(az))
                .body("hosts[0].rack", equalTo(az + "-rack-1"))
                .body("hosts[0].state", equalTo("available"))
                .body("hosts[0].vcpus", equalTo(16)).body("hosts[0].freeVcpus", equalTo(16))
                .body("hosts[0].memoryMib", equalTo(65536)).body("hosts[0].freeMemoryMib", equalTo(65536))
                .body("hosts[0].instanceCount", equalTo(0))
                .body("hosts[0].families", hasItems("t3", "m5", "c5"));
        String next = given().auth().oauth2(admin).queryParam("availabilityZone", az).queryParam("limit", 5)
                .get("/v1/hosts").then().extract().path("nextToken");
        given().auth().oauth2(admin).queryParam("availabilityZone", az).queryParam("limit", 5)
                .queryParam("nextToken", next).get("/v1/hosts")
                .then().statusCode(200).body("hosts.size()", equalTo(1))
                .body("hosts[0].hostId", equalTo("host-" + az + "-06")).body("nextToken", nullValue());
    }

    @Test
    void aHostWithoutRecentHeartbeatsIsDownAndAHeartbeatBringsItBack() {
        String az = zone();
        String hostId = "host-" + az + "-01";
        var old = host(hostId, az, 16, 65536);
        publish(bootstrap, new HostRegistered(hostId, Instant.now().minusSeconds(600),
                old.agentId(), az, old.rack(), 16, 65536, 2000, 0, null, old.families(), old.cpuOvercommit(),
                old.memoryOvercommit(), List.of()));
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).get("/v1/hosts/" + hostId)
                .statusCode() == 200);
        given().auth().oauth2(admin).get("/v1/hosts/" + hostId).then().body("state", equalTo("down"));
        publish(bootstrap, new HostHeartbeat(hostId, Instant.now(), "agent-test", List.of()));
        await().atMost(DEADLINE).until(() -> "available".equals(given().auth().oauth2(admin)
                .get("/v1/hosts/" + hostId).then().extract().path("state")));
    }

    @Test
    void anUnknownHostIs404() {
        given().auth().oauth2(admin).get("/v1/hosts/host-does-not-exist").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("InvalidHostID.NotFound"));
    }

    @Test
    void badPagingIs400() {
        given().auth().oauth2(admin).queryParam("limit", 2).get("/v1/hosts").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(admin).queryParam("nextToken", "%%%").get("/v1/hosts").then().statusCode(400)
                .body("code", equalTo("InvalidNextToken"));
    }

    @Test
    void onlyAdminsMaySeeHosts() {
        given().auth().oauth2(TestTokens.user(account())).get("/v1/hosts").then().statusCode(403);
        given().auth().oauth2(TestTokens.user(account())).post("/v1/hosts/host-x/disable").then().statusCode(403);
        given().get("/v1/hosts").then().statusCode(401);
    }
}
