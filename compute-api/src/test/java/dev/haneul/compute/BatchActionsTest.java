package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.UBUNTU;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.host.InstancePoweredOff;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** stop|start|reboot|terminate for many ids: all or none. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class BatchActionsTest {
    @KafkaBootstrap
    String kafka;

    @Inject
    Pool pool;

    /**
     * A batch of pending instances while the saga keeps updating one of them (here: a writer bumping its row
     * version without pause, as answers arriving for a launch of 50 do): the batch locks its rows and wins at
     * once. Before, it read them optimistically, lost to every update, ran out of retries and answered 503.
     */
    @Test
    void aBatchWinsOverUpdatesOfItsInstancesInFlight() throws Exception {
        SagaDriver d = new SagaDriver(kafka);
        List<String> ids = d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "maxCount", 3))
                .statusCode(202).extract().path("instances.instanceId");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger bumps = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (!done.get()) {
                pool.preparedQuery("UPDATE instance SET version = version + 1 WHERE instance_id = ?")
                        .execute(Tuple.of(ids.get(1))).await().indefinitely();
                bumps.incrementAndGet();
            }
        });
        writer.start();
        try {
            while (bumps.get() < 20) {
                Thread.onSpinWait();        // the writer is running before the batch starts
            }
            batch(d, "terminate", ids).statusCode(200).body("instances", hasSize(3))
                    .body("instances.currentState.name", everyItem(anyOf(equalTo("shutting-down"),
                            equalTo("terminated"))));
        } finally {
            done.set(true);
            writer.join();
        }
        given().auth().oauth2(d.token).when().get("/v1/instances/" + ids.get(1)).then().statusCode(200)
                .body("state.name", anyOf(equalTo("shutting-down"), equalTo("terminated")));
    }

    @Test
    void anUnknownMalformedOrProtectedIdFailsTheWholeBatchBeforeAnythingChanges() {
        SagaDriver d = new SagaDriver(kafka);
        List<String> ids = d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "maxCount", 2))
                .statusCode(202).extract().path("instances.instanceId");
        String protectedId = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "disableApiTermination", true));
        String foreign = new SagaDriver(kafka).launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));

        batch(d, "terminate", List.of(ids.get(0), "i-0123456789abcdef0")).statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
        batch(d, "terminate", List.of(ids.get(0), foreign)).statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
        batch(d, "terminate", List.of(ids.get(0), "i-nope")).statusCode(400)
                .body("code", equalTo("InvalidInstanceID.Malformed"));
        batch(d, "terminate", List.of(ids.get(0), ids.get(1), protectedId)).statusCode(400)
                .body("code", equalTo("OperationNotPermitted"));
        batch(d, "stop", ids).statusCode(409).body("code", equalTo("IncorrectInstanceState"));
        batch(d, "terminate", List.of()).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        ids.forEach(id -> assertEquals("pending", d.state(id)));

        batch(d, "terminate", ids).statusCode(200).body("instances", hasSize(2))
                .body("instances.instanceId", contains(ids.get(0), ids.get(1)))
                .body("instances.currentState.name", contains("terminated", "terminated"))
                .body("instances.previousState.name", contains("pending", "pending"));
    }

    @Test
    void manyInstancesStopStartAndRebootTogether() {
        SagaDriver d = new SagaDriver(kafka);
        List<String> ids = d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "maxCount", 2))
                .statusCode(202).extract().path("instances.instanceId");
        ids.forEach(id -> d.run(id, 0, "host-batch", null));
        batch(d, "reboot", ids).statusCode(200).body("instances.currentState.name", contains("running", "running"));
        batch(d, "stop", ids).statusCode(200).body("instances.currentState.name", contains("stopping", "stopping"));
        batch(d, "start", List.of(ids.get(0), "i-0123456789abcdef0")).statusCode(404);
        assertEquals("stopping", d.state(ids.get(0)));
        ids.forEach(id -> EventProbe.publish(kafka, "host-agent",
                new InstancePoweredOff("host-batch", Instant.now(), id, 0)));
        ids.forEach(id -> d.awaitState(id, "stopped"));
        batch(d, "start", ids).statusCode(200).body("instances.currentState.name", contains("pending", "pending"))
                .body("instances.previousState.name", contains("stopped", "stopped"));
    }

    @Test
    void anInstanceInAStateThatRefusesTheActionFailsTheWholeBatch() {
        SagaDriver d = new SagaDriver(kafka);
        String running = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        String stopped = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        String terminated = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        d.run(running, 0, "host-bb", null);
        d.run(stopped, 0, "host-bb", null);
        d.stop(stopped, 0, "host-bb");
        given().auth().oauth2(d.token).when().delete("/v1/instances/" + terminated).then().statusCode(200);
        d.awaitState(terminated, "terminated");

        // stop: a terminated instance cannot be stopped, so the running one is not stopped either
        batch(d, "stop", List.of(running, terminated)).statusCode(409).body("code", equalTo("IncorrectInstanceState"))
                .body("detail", containsString(terminated));
        // reboot: only running instances reboot
        batch(d, "reboot", List.of(running, stopped)).statusCode(409).body("code", equalTo("IncorrectInstanceState"));
        // start: a terminated instance cannot start, so the stopped one stays stopped
        batch(d, "start", List.of(stopped, terminated)).statusCode(409).body("code", equalTo("IncorrectInstanceState"));
        assertEquals("running", d.state(running));
        assertEquals("stopped", d.state(stopped));

        // already in the target state is not an error: stop of a stopped instance answers stopped → stopped
        batch(d, "stop", List.of(running, stopped)).statusCode(200)
                .body("instances.currentState.name", contains("stopping", "stopped"));
    }

    @Test
    void startingManyReservesTheQuotaOfAllOrOfNone() {
        SagaDriver d = new SagaDriver(kafka);
        // the test limit is 32 vCPUs: two m5.4xlarge fill it
        List<String> big = d.launch(Map.of("imageId", UBUNTU, "instanceType", "m5.4xlarge", "minCount", 2,
                "maxCount", 2)).statusCode(202).extract().path("instances.instanceId");
        big.forEach(id -> d.run(id, 0, "host-q", null));
        big.forEach(id -> d.stop(id, 0, "host-q"));
        // with 2 vCPUs held elsewhere, only one of them fits: neither starts, and the quota they took is back
        d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        batch(d, "start", big).statusCode(400).body("code", equalTo("VcpuLimitExceeded"));
        big.forEach(id -> assertEquals("stopped", d.state(id)));
        batch(d, "start", List.of(big.get(0))).statusCode(200)
                .body("instances.currentState.name", contains("pending"));
    }

    static ValidatableResponse batch(SagaDriver d, String action, List<String> ids) {
        return given().auth().oauth2(d.token).contentType("application/json").body(Map.of("instanceIds", ids))
                .when().post("/v1/instances/" + action).then();
    }
}
