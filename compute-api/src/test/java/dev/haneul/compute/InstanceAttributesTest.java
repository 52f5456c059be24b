package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.UBUNTU;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import dev.haneul.events.Topics;
import dev.haneul.events.host.DestroyInstance;
import dev.haneul.events.host.InstanceShutdownInitiated;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Termination protection, shutdown behaviour, PATCH of attributes, credit specification, placement group. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class InstanceAttributesTest {
    @KafkaBootstrap
    String kafka;

    @Test
    void aProtectedInstanceCannotBeTerminatedUntilTheProtectionIsLifted() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "disableApiTermination", true));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + id).then()
                .body("disableApiTermination", equalTo(true))
                .body("instanceInitiatedShutdownBehavior", equalTo("stop"));
        given().auth().oauth2(d.token).when().delete("/v1/instances/" + id).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("OperationNotPermitted"))
                .body("detail", equalTo("The instance '" + id + "' may not be terminated. Modify its "
                        + "'disableApiTermination' instance attribute and try again."));
        Assertions.assertEquals("pending", d.state(id));

        patch(d, id, Map.of("disableApiTermination", false)).statusCode(200)
                .body("disableApiTermination", equalTo(false));
        given().auth().oauth2(d.token).when().delete("/v1/instances/" + id).then().statusCode(200)
                .body("currentState.name", equalTo("terminated"));
    }

    @Test
    void aGuestShutdownFollowsTheShutdownBehaviourEvenWhenProtected() {
        SagaDriver d = new SagaDriver(kafka);
        String stopper = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        String terminator = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "instanceInitiatedShutdownBehavior", "terminate", "disableApiTermination", true));
        d.run(stopper, 0, "host-a", null);
        d.run(terminator, 0, "host-a", null);
        try (EventProbe hostCommands = new EventProbe(kafka, Topics.HOST_COMMANDS)) {
            EventProbe.publish(kafka, "host-agent", new InstanceShutdownInitiated("host-a", Instant.now(), stopper, 0));
            EventProbe.publish(kafka, "host-agent",
                    new InstanceShutdownInitiated("host-a", Instant.now(), terminator, 0));
            d.awaitState(stopper, "stopping");
            d.awaitState(terminator, "shutting-down");
            hostCommands.awaitEvents(SagaDriver.WAIT, es -> EventProbe.ofType(es, DestroyInstance.class).stream()
                    .anyMatch(c -> c.instanceId().equals(terminator)));
        }
        given().auth().oauth2(d.token).when().get("/v1/instances/" + terminator).then()
                .body("stateReason.code", equalTo("Client.InstanceInitiatedShutdown"));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + stopper).then()
                .body("stateReason.code", equalTo("Client.InstanceInitiatedShutdown"));
        given().auth().oauth2(d.token).contentType("application/json")
                .body(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "instanceInitiatedShutdownBehavior", "halt"))
                .when().post("/v1/instances").then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
    }

    @Test
    void theTypeAndUserDataChangeOnlyWhenStoppedAndTheNewTypeCountsAtTheNextStart() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        patch(d, id, Map.of("instanceType", "m5.large")).statusCode(409).body("code", equalTo("IncorrectInstanceState"));
        String script = Base64.getEncoder().encodeToString("#!/bin/sh\necho hi".getBytes());
        patch(d, id, Map.of("userData", script)).statusCode(409).body("code", equalTo("IncorrectInstanceState"));
        d.run(id, 0, "host-b", "203.0.113.5");
        given().auth().oauth2(d.token).when().get("/v1/instances/" + id).then()
                .body("stateTransitionReason", equalTo(""));
        d.stop(id, 0, "host-b");
        given().auth().oauth2(d.token).when().get("/v1/instances/" + id).then()
                .body("stateTransitionReason", matchesPattern(
                        "User initiated \\(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} GMT\\)"));

        patch(d, id, Map.of("instanceType", "t9.huge")).statusCode(400)
                .body("code", equalTo("InvalidInstanceAttributeValue"));
        patch(d, id, Map.of("userData", "not base64!")).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        patch(d, id, Map.of("instanceInitiatedShutdownBehavior", "explode")).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        patch(d, id, Map.of("securityGroupIds", List.of("nope"))).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        patch(d, id, Map.of("maintenanceOptions", Map.of("autoRecovery", "never"))).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        patch(d, id, Map.of("instanceType", "m5.4xlarge", "userData", script, "instanceInitiatedShutdownBehavior",
                "terminate", "maintenanceOptions", Map.of("autoRecovery", "disabled"))).statusCode(200)
                .body("instanceType", equalTo("m5.4xlarge")).body("instanceInitiatedShutdownBehavior",
                        equalTo("terminate"))
                .body("maintenanceOptions.autoRecovery", equalTo("disabled"))
                .body("creditSpecification", nullValue());

        // 18 vCPUs held elsewhere + 16 for the new type exceed the test limit of 32
        d.launchId(Map.of("imageId", UBUNTU, "instanceType", "m5.4xlarge"));
        d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        given().auth().oauth2(d.token).when().post("/v1/instances/" + id + "/start").then().statusCode(400)
                .body("code", equalTo("VcpuLimitExceeded"));
        Assertions.assertEquals("stopped", d.state(id));

        patch(d, id, Map.of("instanceType", "m5.large")).statusCode(200);
        try (EventProbe events = new EventProbe(kafka, Topics.INSTANCE_EVENTS)) {
            given().auth().oauth2(d.token).when().post("/v1/instances/" + id + "/start").then().statusCode(200)
                    .body("currentState.name", equalTo("pending"));
            events.awaitEvents(SagaDriver.WAIT, es -> EventProbe.ofType(es, InstanceRequested.class).stream()
                    .anyMatch(r -> r.instanceId().equals(id) && r.attempt() == 1
                            && r.instanceType().equals("m5.large") && r.vcpus() == 2));
        }
    }

    @Test
    void creditSpecificationIsForBurstableTypesAndThePlacementGroupTravelsWithTheRequest() {
        SagaDriver d = new SagaDriver(kafka);
        try (EventProbe events = new EventProbe(kafka, Topics.INSTANCE_EVENTS)) {
            String id = d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                    "creditSpecification", Map.of("cpuCredits", "unlimited"),
                    "placement", Map.of("groupName", "pg-web")))
                    .statusCode(202).body("instances[0].creditSpecification.cpuCredits", equalTo("unlimited"))
                    .body("instances[0].placement.groupName", equalTo("pg-web"))
                    .extract().path("instances[0].instanceId");
            events.awaitEvents(SagaDriver.WAIT, es -> EventProbe.ofType(es, InstanceRequested.class).stream()
                    .anyMatch(r -> r.instanceId().equals(id) && "pg-web".equals(r.placementGroupId())));
        }
        d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro")).statusCode(202)
                .body("instances[0].creditSpecification.cpuCredits", equalTo("standard"));
        d.launch(Map.of("imageId", UBUNTU, "instanceType", "m5.large", "creditSpecification",
                Map.of("cpuCredits", "unlimited"))).statusCode(400).body("code", equalTo("InvalidParameterCombination"));
        d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "creditSpecification",
                Map.of("cpuCredits", "infinite"))).statusCode(400).body("code", equalTo("InvalidParameterValue"));
    }

    @Test
    void modifyingAnUnknownOrAnotherAccountsInstanceIsNotFound() {
        SagaDriver owner = new SagaDriver(kafka);
        String id = owner.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        SagaDriver other = new SagaDriver(kafka);
        patch(other, id, Map.of("disableApiTermination", true)).statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
        patch(other, "i-bogus", Map.of("disableApiTermination", true)).statusCode(400)
                .body("code", equalTo("InvalidInstanceID.Malformed"));
    }

    static ValidatableResponse patch(SagaDriver d, String id, Map<String, Object> body) {
        return given().auth().oauth2(d.token).contentType("application/json").body(body)
                .when().patch("/v1/instances/" + id).then();
    }
}
