package dev.haneul.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.host.DestroyInstance;
import dev.haneul.events.host.InstanceBooted;
import dev.haneul.events.host.InstanceDestroyed;
import dev.haneul.events.host.InstancePoweredOff;
import dev.haneul.events.host.StopInstance;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * compute-api's side of the launch saga over a real Kafka broker and MariaDB, with the other services'
 * replies published by the test as they would publish them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class LaunchSagaTest {
    static final String UBUNTU = "ami-0a1b2c3d4e5f60001";
    static final Duration WAIT = Duration.ofSeconds(30);

    @KafkaBootstrap
    String kafka;

    static String newAccount() {
        return String.valueOf(100_000_000_000L + (long) (Math.random() * 800_000_000_000L));
    }

    static ValidatableResponse launch(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/v1/instances").then();
    }

    String state(String token, String id) {
        return given().auth().oauth2(token).when().get("/v1/instances/" + id).then().statusCode(200)
                .extract().path("state.name");
    }

    void awaitState(String token, String id, String state) {
        Awaitility.await().atMost(WAIT).until(() -> state.equals(state(token, id)));
    }

    @Test
    void theBootstrapAdminExchangesItsKeyForAToken() {
        String token = given().contentType("application/json")
                .body(Map.of("accessKeyId", "AKIATESTBOOTSTRAP001",
                        "secretAccessKey", "test-secret-0123456789012345678901234567"))
                .when().post("/v1/auth/token")
                .then().statusCode(200).body("expiresAt", notNullValue()).extract().path("token");
        given().auth().oauth2(token).when().get("/v1/images").then().statusCode(200)
                .body("images.imageId", hasItem(UBUNTU));
        given().contentType("application/json")
                .body(Map.of("accessKeyId", "AKIATESTBOOTSTRAP001", "secretAccessKey", "wrong"))
                .when().post("/v1/auth/token")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("AuthFailure"));
        // an admin creates an account whose key works and is not an admin
        Map<String, String> created = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", "team-a")).when().post("/v1/accounts")
                .then().statusCode(201).extract().as(Map.class);
        String userToken = given().contentType("application/json")
                .body(Map.of("accessKeyId", created.get("accessKeyId"), "secretAccessKey", created.get("secretAccessKey")))
                .when().post("/v1/auth/token").then().statusCode(200).extract().path("token");
        given().auth().oauth2(userToken).contentType("application/json").body(Map.of("name", "x"))
                .when().post("/v1/accounts").then().statusCode(403).body("code", equalTo("UnauthorizedOperation"));
    }

    @Test
    void aLaunchTravelsTheWholeSagaThenStopsStartsAndTerminates() {
        String account = newAccount();
        String token = TestTokens.user(account);
        try (EventProbe instanceEvents = new EventProbe(kafka, Topics.INSTANCE_EVENTS);
                EventProbe hostCommands = new EventProbe(kafka, Topics.HOST_COMMANDS)) {
            String id = launch(token, Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                    "placement", Map.of("availabilityZone", "kr-central-1b"),
                    "tags", List.of(Map.of("key", "Name", "value", "web-1"))))
                    .statusCode(202).body("instances", hasSize(1))
                    .body("instances[0].state.name", equalTo("pending"))
                    .body("instances[0].state.code", equalTo(0))
                    .body("instances[0].placement.availabilityZone", equalTo("kr-central-1b"))
                    .body("instances[0].tags[0].value", equalTo("web-1"))
                    .extract().path("instances[0].instanceId");
            assertTrue(id.matches("i-[0-9a-f]{17}"));

            InstanceRequested requested = awaitOne(instanceEvents, InstanceRequested.class, id);
            assertEquals(2, requested.vcpus());
            assertEquals("kr-central-1b", requested.availabilityZone());
            assertEquals("/dev/sda1", requested.blockDevices().get(0).deviceName());
            assertTrue(requested.blockDevices().get(0).deleteOnTermination());

            replyLaunch(account, id, 0, "host-7");
            BootInstance boot = awaitOne(hostCommands, BootInstance.class, id);
            assertEquals("host-7", boot.hostId());
            EventProbe.publish(kafka, "host-agent", new InstanceBooted("host-7", Instant.now(), id, 0, "ok"));
            awaitState(token, id, "running");
            given().auth().oauth2(token).when().get("/v1/instances/" + id).then()
                    .body("privateIpAddress", equalTo("10.0.0.9")).body("placement.hostId", equalTo("host-7"))
                    .body("launchTime", notNullValue())
                    .body("blockDeviceMappings[0].ebs.volumeId", equalTo("vol-" + id.substring(2)));
            awaitOne(instanceEvents, InstanceRunning.class, id);

            given().auth().oauth2(token).when().post("/v1/instances/" + id + "/stop").then().statusCode(200)
                    .body("currentState.name", equalTo("stopping")).body("previousState.name", equalTo("running"));
            awaitOne(hostCommands, StopInstance.class, id);
            EventProbe.publish(kafka, "host-agent", new InstancePoweredOff("host-7", Instant.now(), id, 0));
            awaitState(token, id, "stopped");
            given().auth().oauth2(token).when().get("/v1/instances/" + id).then()
                    .body("privateIpAddress", equalTo("10.0.0.9")).body("stateReason.code",
                            equalTo("Client.UserInitiatedShutdown"));

            given().auth().oauth2(token).when().post("/v1/instances/" + id + "/start").then().statusCode(200)
                    .body("currentState.name", equalTo("pending"));
            instanceEvents.awaitEvents(WAIT, es -> EventProbe.ofType(es, InstanceRequested.class).stream()
                    .anyMatch(r -> r.instanceId().equals(id) && r.attempt() == 1 && r.restart()));
            replyLaunch(account, id, 1, "host-8");
            hostCommands.awaitEvents(WAIT, es -> EventProbe.ofType(es, BootInstance.class).stream()
                    .anyMatch(b -> b.instanceId().equals(id) && b.attempt() == 1 && b.hostId().equals("host-8")));
            EventProbe.publish(kafka, "host-agent", new InstanceBooted("host-8", Instant.now(), id, 1, "ok"));
            awaitState(token, id, "running");

            given().auth().oauth2(token).when().post("/v1/instances/" + id + "/reboot").then().statusCode(200)
                    .body("currentState.name", equalTo("running"));

            given().auth().oauth2(token).when().delete("/v1/instances/" + id).then().statusCode(200)
                    .body("currentState.name", equalTo("shutting-down"));
            awaitOne(hostCommands, DestroyInstance.class, id);
            EventProbe.publish(kafka, "host-agent", new InstanceDestroyed("host-8", Instant.now(), id, 1));
            awaitState(token, id, "terminated");
            given().auth().oauth2(token).when().delete("/v1/instances/" + id).then().statusCode(200)
                    .body("currentState.name", equalTo("terminated"));
            InstanceTerminated t = awaitOne(instanceEvents, InstanceTerminated.class, id);
            assertEquals("Client.UserInitiatedShutdown", t.stateReason());
        }
    }

    @Test
    void noCapacityEndsTerminatedWithTheReasonAndReturnsTheQuota() {
        String account = newAccount();
        String token = TestTokens.user(account);
        // 32 vCPUs: two m5.4xlarge fill the quota
        String id = launch(token, Map.of("imageId", UBUNTU, "instanceType", "m5.4xlarge", "minCount", 2,
                "maxCount", 2)).statusCode(202).extract().path("instances[0].instanceId");
        launch(token, Map.of("imageId", UBUNTU, "instanceType", "t3.micro")).statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("VcpuLimitExceeded"))
                .body("detail", containsString("vCPU limit of 32"));

        EventProbe.publish(kafka, "scheduler", new InstanceScheduleFailed(account, id, 0, Instant.now(),
                "InsufficientInstanceCapacity", "We currently do not have sufficient m5.4xlarge capacity in the "
                        + "Availability Zone you requested (kr-central-1a)."));
        awaitState(token, id, "terminated");
        given().auth().oauth2(token).when().get("/v1/instances/" + id).then()
                .body("stateReason.code", equalTo("Server.InsufficientInstanceCapacity"));
        // the 16 vCPUs of the failed launch are back: a 16-vCPU launch fits again
        launch(token, Map.of("imageId", UBUNTU, "instanceType", "m5.4xlarge")).statusCode(202);
    }

    @Test
    void minAndMaxCountLaunchWhatFitsAndClientTokensAreIdempotent() {
        String token = TestTokens.user(newAccount());
        launch(token, Map.of("imageId", UBUNTU, "instanceType", "c5.4xlarge", "minCount", 1, "maxCount", 5))
                .statusCode(202).body("instances", hasSize(2));

        String token2 = TestTokens.user(newAccount());
        String clientToken = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("imageId", UBUNTU, "instanceType", "t3.small", "clientToken", clientToken,
                "maxCount", 2);
        List<String> first = launch(token2, body).statusCode(202).extract().path("instances.instanceId");
        List<String> again = launch(token2, body).statusCode(202).extract().path("instances.instanceId");
        assertEquals(first, again);
        launch(token2, Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "clientToken", clientToken))
                .statusCode(400).body("code", equalTo("IdempotentParameterMismatch"));
        given().auth().oauth2(token2).when().get("/v1/instances?limit=5").then().statusCode(200)
                .body("instances", hasSize(2));
    }

    @Test
    void badInputGetsEc2sErrorsNeverA500() {
        String token = TestTokens.user(newAccount());
        launch(token, Map.of("imageId", "ami-0ffffffffffffffff", "instanceType", "t3.micro")).statusCode(400)
                .body("code", equalTo("InvalidAMIID.NotFound"));
        launch(token, Map.of("imageId", "nope", "instanceType", "t3.micro")).statusCode(400)
                .body("code", equalTo("InvalidAMIID.Malformed"));
        launch(token, Map.of("imageId", UBUNTU, "instanceType", "t9.huge")).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        launch(token, Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "minCount", 3, "maxCount", 2))
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
        launch(token, Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "maxCount", 2,
                "privateIpAddress", "172.31.0.10")).statusCode(400).body("code", equalTo("InvalidParameterCombination"));
        launch(token, Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "placement",
                Map.of("availabilityZone", "mars-1a"))).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        launch(token, Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "subnetId", "subnet-0123456789abcdef0"))
                .statusCode(503).body("code", equalTo("ServiceUnavailable"));
        launch(token, Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "keyName", "no-such-key")).statusCode(400)
                .body("code", equalTo("InvalidKeyPair.NotFound"));
        given().auth().oauth2(token).when().get("/v1/instances/i-0123456789abcdef0").then().statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
        given().auth().oauth2(token).when().get("/v1/instances/bogus").then().statusCode(400)
                .body("code", equalTo("InvalidInstanceID.Malformed"));
        given().auth().oauth2(token).when().get("/v1/instances?nextToken=zzz").then().statusCode(400)
                .body("code", equalTo("InvalidNextToken"));
        given().auth().oauth2(token).when().get("/v1/instances?limit=2").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
    }

    @Test
    void anotherAccountsInstanceDoesNotExistForYouAndAnonymousCallsAreRefused() {
        String owner = TestTokens.user(newAccount());
        String id = launch(owner, Map.of("imageId", UBUNTU, "instanceType", "t3.micro")).statusCode(202)
                .extract().path("instances[0].instanceId");
        String other = TestTokens.user(newAccount());
        given().auth().oauth2(other).when().get("/v1/instances/" + id).then().statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
        given().auth().oauth2(other).when().delete("/v1/instances/" + id).then().statusCode(404);
        given().auth().oauth2(other).when().get("/v1/instances").then().statusCode(200)
                .body("instances", hasSize(0));
        given().when().get("/v1/instances").then().statusCode(401).body("code", equalTo("AuthFailure"));
        given().auth().oauth2(TestTokens.expired("123456789012")).when().get("/v1/instance-types").then()
                .statusCode(401);
        assertEquals("pending", state(owner, id));
    }

    @Test
    void anUnansweredBootIsResentAndFinallyGivenUp() {
        String account = newAccount();
        String token = TestTokens.user(account);
        try (EventProbe hostCommands = new EventProbe(kafka, Topics.HOST_COMMANDS)) {
            String id = launch(token, Map.of("imageId", UBUNTU, "instanceType", "t3.nano")).statusCode(202)
                    .extract().path("instances[0].instanceId");
            replyLaunch(account, id, 0, "host-dead");
            hostCommands.awaitEvents(Duration.ofSeconds(60), es -> EventProbe.ofType(es, BootInstance.class).stream()
                    .filter(b -> b.instanceId().equals(id)).count() >= 3);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "terminated".equals(state(token, id)));
            given().auth().oauth2(token).when().get("/v1/instances/" + id).then()
                    .body("stateReason.code", equalTo("Server.InternalError"));
        }
    }

    private void replyLaunch(String account, String id, int attempt, String host) {
        Instant now = Instant.now();
        EventProbe.publish(kafka, "scheduler", new InstanceScheduled(account, id, attempt, now, host, "kr-central-1b",
                "t3.micro", 2, 1024));
        EventProbe.publish(kafka, "network-service", new InstanceNetworkAttached(account, id, attempt, now,
                "eni-0123456789abcdef0", "vpc-0123456789abcdef0", "subnet-0123456789abcdef0", "10.0.0.9", null,
                "02:00:00:00:00:09", List.of("sg-0123456789abcdef0"), "10.0.0.0/24", SagaDriver.SSH_FROM_ANYWHERE, 0));
        EventProbe.publish(kafka, "volume-service", new InstanceVolumesAttached(account, id, attempt, now,
                List.of(new AttachedVolume("vol-" + id.substring(2), "/dev/sda1", 8, "gp3", true, true))));
    }

    private <T> T awaitOne(EventProbe probe, Class<T> type, String instanceId) {
        List<Envelope> events = probe.awaitEvents(WAIT, es -> es.stream()
                .anyMatch(e -> type.isInstance(e.data()) && instanceId.equals(field(e, instanceId))));
        return events.stream().filter(e -> type.isInstance(e.data()) && instanceId.equals(field(e, instanceId)))
                .map(e -> type.cast(e.data())).findFirst().orElseThrow();
    }

    private static String field(Envelope e, String instanceId) {
        return e.data().toString().contains(instanceId) ? instanceId : null;
    }
}
