package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.UBUNTU;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.host.HostStatusChanged;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A host the scheduler reports down: its instances' system status check is impaired, and those with
 * auto-recovery on run again on another host (same id, same private IP) through a new attempt of the saga.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HostFailureTest {
    @KafkaBootstrap
    String kafka;

    @Test
    void runningInstancesOfADeadHostAreRecoveredUnlessAutoRecoveryIsDisabled() {
        SagaDriver d = new SagaDriver(kafka);
        String host = "host-dead-" + d.account;
        String recovered = d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro")).statusCode(202)
                .body("instances[0].maintenanceOptions.autoRecovery", equalTo("default"))
                .extract().path("instances[0].instanceId");
        String kept = d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "maintenanceOptions", Map.of("autoRecovery", "disabled"))).statusCode(202)
                .body("instances[0].maintenanceOptions.autoRecovery", equalTo("disabled"))
                .extract().path("instances[0].instanceId");
        d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "maintenanceOptions", Map.of("autoRecovery", "sometimes"))).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        d.run(recovered, 0, host, null);
        d.run(kept, 0, host, null);

        try (EventProbe events = new EventProbe(kafka, Topics.INSTANCE_EVENTS)) {
            EventProbe.publish(kafka, "scheduler", new HostStatusChanged(host, Instant.now(), "kr-central-1a", "down",
                    "missed heartbeats", List.of(recovered, kept)));

            // the recovered one: its attempt on the dead host ends (everyone releases it), a new one starts
            List<Envelope> seen = events.awaitEvents(SagaDriver.WAIT, es -> EventProbe.ofType(es,
                    InstanceRequested.class).stream().anyMatch(r -> r.instanceId().equals(recovered)
                            && r.attempt() == 1));
            InstanceStopped stopped = EventProbe.ofType(seen, InstanceStopped.class).stream()
                    .filter(s -> s.instanceId().equals(recovered)).findFirst().orElseThrow();
            assertEquals(0, stopped.attempt());
            assertEquals(host, stopped.hostId());
            assertEquals("Server.HostFailure", stopped.stateReason());
            InstanceRequested again = EventProbe.ofType(seen, InstanceRequested.class).stream()
                    .filter(r -> r.instanceId().equals(recovered) && r.attempt() == 1).findFirst().orElseThrow();
            assertTrue(again.restart());
            assertTrue(seen.indexOf(seen.stream().filter(e -> e.data() == stopped).findFirst().orElseThrow())
                    < seen.indexOf(seen.stream().filter(e -> e.data() == again).findFirst().orElseThrow()));
        }
        given().auth().oauth2(d.token).when().get("/v1/instances/" + recovered).then()
                .body("state.name", equalTo("pending")).body("stateReason.code", equalTo("Server.HostFailure"));
        // the new attempt runs on another host with the same id and private IP
        d.run(recovered, 1, "host-new-" + d.account, null);
        given().auth().oauth2(d.token).when().get("/v1/instances/" + recovered).then()
                .body("placement.hostId", equalTo("host-new-" + d.account))
                .body("privateIpAddress", equalTo("10.0.0.9"));
        ConnectAndStatusTest.status(d, recovered).body("systemStatus.status", equalTo("initializing"));

        // auto-recovery disabled: it stays on the dead host, running, its system check impaired until the host is up
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> "impaired".equals(ConnectAndStatusTest.status(d, kept)
                .extract().path("systemStatus.status")));
        assertEquals("running", d.state(kept));
        EventProbe.publish(kafka, "scheduler", new HostStatusChanged(host, Instant.now(), "kr-central-1a", "up",
                "heartbeats again", List.of(kept)));
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> !"impaired".equals(ConnectAndStatusTest.status(d, kept)
                .extract().path("systemStatus.status")));

        // auto-recovery can be turned off and on again
        InstanceAttributesTest.patch(d, recovered, Map.of("maintenanceOptions", Map.of("autoRecovery", "disabled")))
                .statusCode(200).body("maintenanceOptions.autoRecovery", equalTo("disabled"));
    }
}
