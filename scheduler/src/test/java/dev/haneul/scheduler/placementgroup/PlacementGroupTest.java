package dev.haneul.scheduler.placementgroup;

import static dev.haneul.scheduler.SchedulerFixtures.account;
import static dev.haneul.scheduler.SchedulerFixtures.host;
import static dev.haneul.scheduler.SchedulerFixtures.inGroup;
import static dev.haneul.scheduler.SchedulerFixtures.instanceId;
import static dev.haneul.scheduler.SchedulerFixtures.publish;
import static dev.haneul.scheduler.SchedulerFixtures.request;
import static dev.haneul.scheduler.SchedulerFixtures.terminated;
import static dev.haneul.scheduler.SchedulerFixtures.zone;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class PlacementGroupTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @KafkaBootstrap
    String bootstrap;

    private final String admin = TestTokens.admin(account());

    @TestHTTPResource("/")
    URI base;

    private String create(String token, String name, String strategy) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("groupName", name, "strategy", strategy)).post("/v1/placement-groups")
                .then().statusCode(201).body("groupId", matchesPattern("pg-[0-9a-f]{17}"))
                .body("strategy", equalTo(strategy)).extract().path("groupId");
    }

    private void hosts(String az, int perRack, int racks) {
        for (int r = 1; r <= racks; r++) {
            for (int n = 1; n <= perRack; n++) {
                String hostId = "host-" + az + "-r" + r + "-" + n;
                publish(bootstrap, host(hostId, az, az + "-rack-" + r, 32, 131072));
                await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).get("/v1/hosts/" + hostId)
                        .statusCode() == 200);
            }
        }
    }

    @Test
    void aCreateAnswers201AndItsBodyMustBeJson() throws Exception {
        String account = account();
        String token = TestTokens.user(account);
        create(token, "typed", "spread");
        // java.net.http sends no Content-Type unless told to (RestAssured always adds one)
        HttpResponse<String> untyped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/v1/placement-groups")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"groupName\":\"untyped\",\"strategy\":\"spread\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, untyped.statusCode(), untyped.body());
        given().auth().oauth2(token).contentType("application/json").body("{\"groupName\":\"x\",")
                .post("/v1/placement-groups").then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(token).get("/v1/placement-groups").then().statusCode(200)
                .body("placementGroups.groupName", contains("typed"));
    }

    @Test
    void groupsAreCreatedListedAndDeletedPerAccountWithEc2Errors() {
        String account = account();
        String token = TestTokens.user(account);
        String id = create(token, "web", "spread");
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("groupName", "web", "strategy", "cluster")).post("/v1/placement-groups")
                .then().statusCode(400).body("code", equalTo("InvalidPlacementGroup.Duplicate"));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("groupName", "x", "strategy", "sideways")).post("/v1/placement-groups")
                .then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("groupName", "p", "strategy", "partition", "partitionCount", 8)).post("/v1/placement-groups")
                .then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("groupName", "p", "strategy", "partition", "partitionCount", 3)).post("/v1/placement-groups")
                .then().statusCode(201).body("partitionCount", equalTo(3));
        given().auth().oauth2(token).get("/v1/placement-groups").then().statusCode(200)
                .body("placementGroups.size()", equalTo(2)).body("placementGroups[1].groupName", equalTo("web"));

        String stranger = TestTokens.user(account());
        given().auth().oauth2(stranger).get("/v1/placement-groups/" + id).then().statusCode(404)
                .body("code", equalTo("InvalidPlacementGroup.Unknown"));
        given().auth().oauth2(stranger).delete("/v1/placement-groups/" + id).then().statusCode(404);
        given().get("/v1/placement-groups").then().statusCode(401);

        given().auth().oauth2(token).delete("/v1/placement-groups/" + id).then().statusCode(204);
        given().auth().oauth2(token).get("/v1/placement-groups/" + id).then().statusCode(404);
    }

    @Test
    void aSpreadGroupPutsEveryInstanceOnItsOwnHostAndAGroupInUseCannotBeDeleted() {
        String az = zone();
        hosts(az, 3, 1);
        String account = account();
        String token = TestTokens.user(account);
        String group = create(token, "spread-" + az, "spread");
        List<String> ids = List.of(instanceId(), instanceId(), instanceId(), instanceId());
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            ids.forEach(id -> publish(bootstrap, inGroup(request(account, id, az, "m5.large", 2, 8192), group)));
            List<Envelope> events = probe.awaitEvents(DEADLINE, es -> ids.stream().allMatch(id -> es.stream()
                    .anyMatch(e -> e.subject().equals(id) && (e.data() instanceof InstanceScheduled
                            || e.data() instanceof InstanceScheduleFailed))));
            Set<String> hostsUsed = EventProbe.ofType(events, InstanceScheduled.class).stream()
                    .filter(s -> ids.contains(s.instanceId())).map(InstanceScheduled::hostId).collect(Collectors.toSet());
            assertEquals(3, hostsUsed.size());
            assertEquals(1, EventProbe.ofType(events, InstanceScheduleFailed.class).stream()
                    .filter(f -> ids.contains(f.instanceId())).count());
        }
        given().auth().oauth2(token).delete("/v1/placement-groups/" + group).then().statusCode(409)
                .body("code", equalTo("InvalidPlacementGroup.InUse"));
        ids.forEach(id -> publish(bootstrap, terminated(account, id, az)));
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(token).delete("/v1/placement-groups/" + group)
                .statusCode() == 204);
    }

    @Test
    void aClusterGroupStaysOnOneRack() {
        String az = zone();
        hosts(az, 2, 2);
        String account = account();
        String group = create(TestTokens.user(account), "cluster-" + az, "cluster");
        List<String> ids = List.of(instanceId(), instanceId(), instanceId(), instanceId());
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            ids.forEach(id -> publish(bootstrap, inGroup(request(account, id, az, "c5.4xlarge", 16, 32768), group)));
            List<Envelope> events = probe.awaitEvents(DEADLINE, es -> ids.stream().allMatch(id -> es.stream()
                    .anyMatch(e -> e.subject().equals(id) && e.data() instanceof InstanceScheduled)));
            Set<String> racks = EventProbe.ofType(events, InstanceScheduled.class).stream()
                    .filter(s -> ids.contains(s.instanceId()))
                    .map(s -> s.hostId().substring(0, s.hostId().lastIndexOf('-'))).collect(Collectors.toSet());
            assertEquals(1, racks.size(), "all on one rack: " + racks);
        }
    }

    @Test
    void anUnknownGroupFailsThePlacement() {
        String az = zone();
        hosts(az, 1, 1);
        String id = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, inGroup(request(account(), id, az, "m5.large", 2, 8192), "pg-0123456789abcdef0"));
            List<Envelope> events = probe.awaitEvents(DEADLINE, es -> EventProbe.ofType(es, InstanceScheduleFailed.class)
                    .stream().anyMatch(f -> f.instanceId().equals(id)));
            assertEquals("InvalidPlacementGroup.Unknown", EventProbe.ofType(events, InstanceScheduleFailed.class)
                    .stream().filter(f -> f.instanceId().equals(id)).findFirst().orElseThrow().code());
        }
    }
}
