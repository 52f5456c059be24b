package dev.haneul.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.InstanceEvent;
import dev.haneul.testing.EventProbe;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole control plane, as a user meets it: through the gateway, with real Kafka, MariaDB, Redis, nginx and
 * every service as its own process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class LaunchEndToEndTest {
    static final String UBUNTU = "ami-0a1b2c3d4e5f60001";
    static final Duration WAIT = Duration.ofSeconds(90);
    static Stack stack;
    static String token;

    @BeforeAll
    static void useTheStack() {
        stack = SharedStack.stack();
        token = SharedStack.adminToken();
    }

    static String state(String id) {
        return given().auth().oauth2(token).when().get("/v1/instances/" + id).then().statusCode(200)
                .extract().path("state.name");
    }

    static void awaitState(List<String> ids, String state) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> ids.stream().allMatch(id -> state.equals(state(id))));
    }

    @Test
    @Order(1)
    void theGatewayRoutesAndAnswersProblemJson() {
        given().when().get("/v1/no-such-thing").then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("InvalidAction"));
        given().when().get("/v1/instances").then().statusCode(401).body("code", equalTo("AuthFailure"));
        given().auth().oauth2(token).when().get("/v1/instance-types?family=t3").then().statusCode(200)
                .body("instanceTypes.instanceType", hasItem("t3.micro"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    @Order(2)
    void threeInstancesLaunchStopStartAndTerminateWithTheirEventsInOrderAndBilled() {
        List<String> ids;
        try (EventProbe probe = new EventProbe(stack.kafka(), Topics.INSTANCE_EVENTS)) {
            ids = given().auth().oauth2(token).contentType("application/json")
                    .body(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "minCount", 3, "maxCount", 3,
                            "tags", List.of(Map.of("key", "Name", "value", "e2e"))))
                    .when().post("/v1/instances").then().statusCode(202).body("instances", hasSize(3))
                    .extract().path("instances.instanceId");
            awaitState(ids, "running");

            Set<String> ips = new HashSet<>();
            for (String id : ids) {
                String ip = given().auth().oauth2(token).when().get("/v1/instances/" + id).then()
                        .body("placement.hostId", notNullValue())
                        .extract().path("privateIpAddress");
                assertTrue(ip != null && ip.startsWith("172.31."), "private IP from the default VPC: " + ip);
                ips.add(ip);
            }
            assertEquals(3, ips.size(), "distinct private IPs");

            String first = ids.get(0);
            String ipBefore = given().auth().oauth2(token).when().get("/v1/instances/" + first).then()
                    .extract().path("privateIpAddress");
            given().auth().oauth2(token).when().post("/v1/instances/" + first + "/stop").then().statusCode(200);
            awaitState(List.of(first), "stopped");
            given().auth().oauth2(token).when().post("/v1/instances/" + first + "/start").then().statusCode(200);
            awaitState(List.of(first), "running");
            given().auth().oauth2(token).when().get("/v1/instances/" + first).then()
                    .body("privateIpAddress", equalTo(ipBefore));

            for (String id : ids) {
                given().auth().oauth2(token).when().delete("/v1/instances/" + id).then().statusCode(200);
            }
            awaitState(ids, "terminated");

            List<Envelope> events = probe.awaitEvents(WAIT, es -> ids.stream().allMatch(id -> types(es, id)
                    .contains("haneul.instance.terminated.v1")));
            for (String id : ids) {
                List<String> seen = types(events, id).stream()
                        .filter(t -> t.endsWith("requested.v1") || t.endsWith("running.v1")
                                || t.endsWith("stopping.v1") || t.endsWith("stopped.v1")
                                || t.endsWith("terminating.v1") || t.endsWith("terminated.v1"))
                        .map(t -> t.replace("haneul.instance.", "").replace(".v1", ""))
                        .toList();
                List<String> expected = id.equals(first)
                        ? List.of("requested", "running", "stopping", "stopped", "requested", "running",
                                "terminating", "terminated")
                        : List.of("requested", "running", "terminating", "terminated");
                assertEquals(expected, seen, "lifecycle events of " + id + " in order");
            }
        }

        // billing saw every running interval: each instance shows running seconds, billed at least 60 s
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            var usage = given().auth().oauth2(token).when().get("/v1/billing/usage").then().statusCode(200).extract();
            for (String id : ids) {
                Number running = usage.path("items.find { it.instanceId == '" + id + "' }.runningSeconds");
                Number billed = usage.path("items.find { it.instanceId == '" + id + "' }.billedSeconds");
                assertTrue(running != null && running.doubleValue() > 0, id + " has running seconds");
                assertTrue(billed.doubleValue() >= (id.equals(ids.get(0)) ? 120 : 60), id + " billed per start");
            }
        });
    }

    @Test
    @Order(3)
    void killingTheSchedulerAndTheHostAgentMidLaunchLosesNothingAndLeavesNothingReserved() throws Exception {
        // other classes share the stack and may keep instances running: compare with what is in use now
        int inUseBefore = usedVcpus();
        List<String> ids = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("imageId", UBUNTU, "instanceType", "t3.nano", "minCount", 6, "maxCount", 6))
                .when().post("/v1/instances").then().statusCode(202).body("instances", hasSize(6))
                .extract().path("instances.instanceId");
        ProcessHandle.of(stack.pid("scheduler")).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(stack.pid("host-agent")).ifPresent(ProcessHandle::destroyForcibly);
        stack.up("--no-build");

        // nothing is lost: no accepted launch stays pending, and none is given up — the fleet has room for all
        // six, so a crash of the scheduler or the host agent is no reason for any of them to end terminated
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertEquals(List.of(), ids.stream().filter(id -> "pending".equals(state(id)))
                        .toList(), "accepted launches still pending"));
        Map<String, String> outcome = new TreeMap<>();
        Map<String, String> allRunning = new TreeMap<>();
        for (String id : ids) {
            var view = given().auth().oauth2(token).when().get("/v1/instances/" + id).then().statusCode(200)
                    .extract();
            String state = view.path("state.name");
            outcome.put(id, "running".equals(state) ? state : state + " " + view.path("stateReason"));
            allRunning.put(id, "running");
            if ("running".equals(state)) {
                assertTrue(view.path("placement.hostId") != null && view.path("privateIpAddress") != null,
                        id + " runs without a host or an address: " + view.asString());
            }
        }
        assertEquals(allRunning, outcome, "every accepted launch ends running");

        for (String id : ids) {
            given().auth().oauth2(token).when().delete("/v1/instances/" + id).then().statusCode(200);
        }
        awaitState(ids, "terminated");
        // every claim was given back: the fleet holds exactly what it held before these launches
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertEquals(inUseBefore, usedVcpus()));
    }

    private static int usedVcpus() {
        List<Integer> used = given().auth().oauth2(token).when().get("/v1/hosts").then().statusCode(200)
                .extract().path("hosts.usedVcpus");
        return used.stream().mapToInt(Integer::intValue).sum();
    }

    private static List<String> types(List<Envelope> events, String instanceId) {
        return events.stream()
                .filter(e -> e.data() instanceof InstanceEvent ie && ie.instanceId().equals(instanceId))
                .map(Envelope::type).toList();
    }
}
