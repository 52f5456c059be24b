package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.DEBIAN;
import static dev.haneul.compute.SagaDriver.UBUNTU;
import static dev.haneul.compute.SagaDriver.WINDOWS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.haneul.compute.saga.TerminatedPurge;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The connect command, console output, status checks from heartbeats, and the purge of terminated instances. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ConnectAndStatusTest {
    @KafkaBootstrap
    String kafka;

    @Inject
    TerminatedPurge purge;

    @Test
    void theConnectCommandIsWhatAUserTypes() {
        SagaDriver d = new SagaDriver(kafka);
        given().auth().oauth2(d.token).contentType("application/json").body(Map.of("keyName", "lab"))
                .when().post("/v1/key-pairs").then().statusCode(201);
        String ubuntu = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "keyName", "lab"));
        d.run(ubuntu, 0, "host-c", "203.0.113.10");
        connect(d, ubuntu).body("command", equalTo("ssh -i lab.pem ubuntu@203.0.113.10"))
                .body("user", equalTo("ubuntu")).body("notes[0]", equalTo(
                        "Make the private key readable only by you first: chmod 400 lab.pem"));

        String debian = d.launchId(Map.of("imageId", DEBIAN, "instanceType", "t3.micro", "keyName", "lab"));
        d.run(debian, 0, "host-c", null);
        connect(d, debian).body("command", equalTo("ssh -i lab.pem admin@10.0.0.9"))
                .body("notes", hasItem(containsString("no public IP address")))
                .body("notes", hasItem(containsString("bastion")));

        String windows = d.launchId(Map.of("imageId", WINDOWS, "instanceType", "t3.micro", "keyName", "lab"));
        connect(d, windows).body("protocol", equalTo("rdp")).body("command", nullValue())
                .body("notes", hasItem(containsString("RDP")));
        given().auth().oauth2(new SagaDriver(kafka).token).when().get("/v1/instances/" + ubuntu + "/connect").then()
                .statusCode(404).body("code", equalTo("InvalidInstanceID.NotFound"));
    }

    @Test
    void consoleOutputAndStatusChecksFollowTheHost() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        status(d, id).body("instanceStatus.status", equalTo("not-applicable"));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + id + "/console-output").then().statusCode(200)
                .body("output", nullValue());
        d.run(id, 0, "host-s", null);
        given().auth().oauth2(d.token).when().get("/v1/instances/" + id + "/console-output").then().statusCode(200)
                .body("output", containsString("Cloud-init finished " + id));
        status(d, id).body("instanceStatus.status", equalTo("initializing"))
                .body("systemStatus.status", equalTo("initializing"));

        EventProbe.publish(kafka, "host-agent", new HostHeartbeat("host-s", Instant.now(), "agent-1", List.of(id)));
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> "ok".equals(statusOf(d, id)));
        EventProbe.publish(kafka, "host-agent", new HostHeartbeat("host-s", Instant.now(), "agent-1", List.of()));
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> "impaired".equals(statusOf(d, id)));
        status(d, id).body("systemStatus.status", equalTo("ok"));
    }

    @Test
    void terminatedInstancesArePurgedAfterTheVisibilityWindow() throws Throwable {
        SagaDriver d = new SagaDriver(kafka);
        String gone = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "tags", List.of(Map.of("key", "Name", "value", "old"))));
        String kept = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        given().auth().oauth2(d.token).when().delete("/v1/instances/" + gone).then().statusCode(200);
        // nothing terminated an hour ago yet: the fresh one stays
        VertxContextSupport.subscribeAndAwait(() -> purge.purge(Instant.now().minus(Duration.ofHours(1))));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + gone).then().statusCode(200);
        // as if the window had passed
        VertxContextSupport.subscribeAndAwait(() -> purge.purge(Instant.now().plus(Duration.ofSeconds(1))));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + gone).then().statusCode(404);
        given().auth().oauth2(d.token).when().get("/v1/instances/" + kept).then().statusCode(200);
    }

    static ValidatableResponse connect(SagaDriver d, String id) {
        return given().auth().oauth2(d.token).when().get("/v1/instances/" + id + "/connect").then().statusCode(200);
    }

    static ValidatableResponse status(SagaDriver d, String id) {
        return given().auth().oauth2(d.token).when().get("/v1/instances/" + id + "/status").then().statusCode(200);
    }

    static String statusOf(SagaDriver d, String id) {
        return status(d, id).extract().path("instanceStatus.status");
    }

    @Test
    void aClientTokenRetriedAfterItsInstancesWerePurgedAnswersItsReservationNotAnError() throws Throwable {
        SagaDriver d = new SagaDriver(kafka);
        Map<String, Object> body = Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "clientToken", UUID.randomUUID().toString());
        ValidatableResponse first = d.launch(body).statusCode(202);
        String reservation = first.extract().path("reservationId");
        String id = first.extract().path("instances[0].instanceId");
        given().auth().oauth2(d.token).when().delete("/v1/instances/" + id).then().statusCode(200);
        VertxContextSupport.subscribeAndAwait(() -> purge.purge(Instant.now().plus(Duration.ofSeconds(1))));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + id).then().statusCode(404);
        // the retry answers the first launch's reservation, whose instances are gone (it answered 500 before)
        d.launch(body).statusCode(202).body("reservationId", equalTo(reservation)).body("instances", hasSize(0));
    }

}
