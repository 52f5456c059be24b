package dev.haneul.compute;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.haneul.compute.SagaDriver.UBUNTU;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.haneul.events.Topics;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.network.InterfaceRulesChanged;
import dev.haneul.events.network.NetworkInterfaceGroupsChanged;
import dev.haneul.events.network.PacketRule;
import dev.haneul.events.network.PacketRules;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Changing an instance's security groups goes through network-service (a fake HTTP server here), which owns
 * the interface: its answer decides, its errors reach the user unchanged, and its absence is a 503. A launch's
 * groups are asked of it before anything is launched.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeServices.class)
class SecurityGroupsTest {
    @KafkaBootstrap
    String kafka;

    private final WireMock network = FakeServices.client();
    private final List<StubMapping> stubs = new ArrayList<>();

    @AfterEach
    void removeStubs() {
        stubs.forEach(network::removeStubMapping);
    }

    private void networkAnswers(String eni, int status, String body) {
        var response = aResponse().withStatus(status);
        if (body != null) {
            response = response.withHeader("Content-Type", status < 400 ? "application/json"
                    : "application/problem+json").withBody(body);
        }
        stubs.add(network.register(put(urlEqualTo("/v1/network-interfaces/" + eni + "/groups")).atPriority(1)
                .willReturn(response)));
    }

    @Test
    void newGroupsAreSetOnTheInterfaceByNetworkServiceThenStored() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        // no interface yet: nothing to change the groups of
        patch(d, id, List.of("sg-0aaaaaaaaaaaaaaaa")).statusCode(409)
                .body("code", Matchers.equalTo("IncorrectInstanceState"));
        d.run(id, 0, "host-g", null);
        String eni = SagaDriver.eni(id);
        networkAnswers(eni, 200, "{\"networkInterfaceId\":\"" + eni + "\",\"groups\":[{\"groupId\":\"sg-0aaaaaaaaaaaaaaaa\"},"
                + "{\"groupId\":\"sg-0bbbbbbbbbbbbbbbb\"}]}");
        patch(d, id, List.of("sg-0aaaaaaaaaaaaaaaa", "sg-0bbbbbbbbbbbbbbbb")).statusCode(200)
                .body("securityGroups.groupId", contains("sg-0aaaaaaaaaaaaaaaa", "sg-0bbbbbbbbbbbbbbbb"));
        network.verifyThat(putRequestedFor(urlEqualTo("/v1/network-interfaces/" + eni + "/groups"))
                .withHeader("Authorization", equalTo("Bearer " + d.token))
                .withRequestBody(equalToJson("{\"groupIds\":[\"sg-0aaaaaaaaaaaaaaaa\",\"sg-0bbbbbbbbbbbbbbbb\"]}")));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + id).then()
                .body("securityGroups.groupId", contains("sg-0aaaaaaaaaaaaaaaa", "sg-0bbbbbbbbbbbbbbbb"));
    }

    @Test
    void networkServicesRefusalsReachTheUserUnchangedAndNothingIsStored() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        d.run(id, 0, "host-g", null);
        String eni = SagaDriver.eni(id);

        networkAnswers(eni, 400, "{\"type\":\"urn:haneul:error:InvalidGroup.NotFound\",\"title\":\"InvalidGroup.NotFound\","
                + "\"status\":400,\"code\":\"InvalidGroup.NotFound\","
                + "\"detail\":\"The security group 'sg-0ccccccccccccccc0' does not exist\"}");
        patch(d, id, List.of("sg-0ccccccccccccccc0")).statusCode(400).contentType("application/problem+json")
                .body("code", Matchers.equalTo("InvalidGroup.NotFound"))
                .body("detail", Matchers.equalTo("The security group 'sg-0ccccccccccccccc0' does not exist"));
        removeStubs();
        stubs.clear();

        networkAnswers(eni, 400, "{\"status\":400,\"code\":\"SecurityGroupsPerInterfaceLimitExceeded\","
                + "\"detail\":\"You have exceeded the maximum number of security groups allowed per network interface.\"}");
        patch(d, id, List.of("sg-0ccccccccccccccc0")).statusCode(400)
                .body("code", Matchers.equalTo("SecurityGroupsPerInterfaceLimitExceeded"));
        removeStubs();
        stubs.clear();

        // a 5xx of network-service, or an error page that is not problem+json, is the service being unavailable
        networkAnswers(eni, 502, "<html>bad gateway</html>");
        patch(d, id, List.of("sg-0ccccccccccccccc0")).statusCode(503)
                .body("code", Matchers.equalTo("ServiceUnavailable"));
        removeStubs();
        stubs.clear();

        // network-service down (the fake resets every connection nobody stubbed)
        patch(d, id, List.of("sg-0ccccccccccccccc0")).statusCode(503).contentType("application/problem+json")
                .body("code", Matchers.equalTo("ServiceUnavailable"))
                .body("detail", containsString("network"));

        // none of these changed the instance's groups (those network-service attached at launch)
        given().auth().oauth2(d.token).when().get("/v1/instances/" + id).then()
                .body("securityGroups.groupId", contains("sg-0123456789abcdef0"));
    }

    @Test
    void groupsChangedThroughNetworkServiceShowOnTheInstance() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        d.run(id, 0, "host-g", null);
        EventProbe.publish(kafka, "network-service", new NetworkInterfaceGroupsChanged(d.account, SagaDriver.eni(id),
                id, List.of("sg-0ddddddddddddddd0"), Instant.now()));
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> List.of("sg-0ddddddddddddddd0").equals(
                given().auth().oauth2(d.token).when().get("/v1/instances/" + id).then().extract()
                        .path("securityGroups.groupId")));
    }

    @Test
    void theInterfacesNewestRulesGoInTheNextBootWhateverOrderTheyArrived() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        d.run(id, 0, "host-r", null);
        PacketRule ssh = new PacketRule("tcp", 22, 22, "0.0.0.0/0", null);
        PacketRule web = new PacketRule("tcp", 8000, 8000, "0.0.0.0/0", null);
        PacketRules out = new PacketRules(List.of(), List.of(new PacketRule("-1", 0, 65535, "0.0.0.0/0", null)));
        EventProbe.publish(kafka, "network-service", new InterfaceRulesChanged(d.account, SagaDriver.eni(id), id,
                List.of("sg-0123456789abcdef0"), new PacketRules(List.of(ssh, web), out.egress()), 2, Instant.now()));
        EventProbe.publish(kafka, "network-service", new InterfaceRulesChanged(d.account, SagaDriver.eni(id), id,
                List.of("sg-0123456789abcdef0"), new PacketRules(List.of(ssh), out.egress()), 1, Instant.now()));
        // a later event of the same interface (same key, same partition): once it shows, both above were read
        EventProbe.publish(kafka, "network-service", new NetworkInterfaceGroupsChanged(d.account, SagaDriver.eni(id),
                id, List.of("sg-0eeeeeeeeeeeeeee0"), Instant.now()));
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> List.of("sg-0eeeeeeeeeeeeeee0").equals(
                given().auth().oauth2(d.token).when().get("/v1/instances/" + id).then().extract()
                        .path("securityGroups.groupId")));
        d.stop(id, 0, "host-r");
        try (EventProbe hostCommands = new EventProbe(kafka, Topics.HOST_COMMANDS)) {
            given().auth().oauth2(d.token).when().post("/v1/instances/" + id + "/start").then().statusCode(200);
            d.run(id, 1, "host-s", null); // its network reply carries the attach's rules, version 0
            hostCommands.awaitEvents(SagaDriver.WAIT, es -> EventProbe.ofType(es, BootInstance.class).stream()
                    .anyMatch(b -> b.instanceId().equals(id) && b.attempt() == 1));
            BootInstance boot = EventProbe.ofType(hostCommands.events(), BootInstance.class).stream()
                    .filter(b -> b.instanceId().equals(id) && b.attempt() == 1).findFirst().orElseThrow();
            assertEquals(2, boot.rulesVersion());
            assertEquals(List.of(ssh, web), boot.rules().ingress());
        }
    }

    @Test
    void aLaunchNamingAGroupTheCallerDoesNotHaveIsRefusedBeforeAnythingIsLaunched() {
        SagaDriver d = new SagaDriver(kafka);
        String mine = "sg-0aaaaaaaaaaaaaaa1";
        String notMine = "sg-0aaaaaaaaaaaaaaa2"; // another account's, or nobody's: network-service answers 404
        groupAnswers(mine, 200, "{\"groupId\":\"" + mine + "\",\"groupName\":\"web\","
                + "\"vpcId\":\"vpc-0123456789abcdef0\"}");
        groupAnswers(notMine, 404, "{\"status\":404,\"code\":\"InvalidGroup.NotFound\","
                + "\"detail\":\"The security group '" + notMine + "' does not exist\"}");

        launch(d, List.of(mine, notMine)).statusCode(400).contentType("application/problem+json")
                .body("code", Matchers.equalTo("InvalidGroup.NotFound"))
                .body("detail", Matchers.equalTo("The security group '" + notMine + "' does not exist"));
        // asked on the caller's behalf, with its token
        network.verifyThat(getRequestedFor(urlEqualTo("/v1/security-groups/" + notMine))
                .withHeader("Authorization", equalTo("Bearer " + d.token)));
        given().auth().oauth2(d.token).when().get("/v1/instances").then().statusCode(200)
                .body("instances", Matchers.empty());

        // network-service down: 503, and nothing launched either
        removeStubs();
        stubs.clear();
        launch(d, List.of(mine)).statusCode(503).body("code", Matchers.equalTo("ServiceUnavailable"));
        given().auth().oauth2(d.token).when().get("/v1/instances").then().body("instances", Matchers.empty());

        // the caller's own groups: launched with them
        groupAnswers(mine, 200, "{\"groupId\":\"" + mine + "\",\"vpcId\":\"vpc-0123456789abcdef0\"}");
        launch(d, List.of(mine)).statusCode(202);
        given().auth().oauth2(d.token).when().get("/v1/instances").then().body("instances", Matchers.hasSize(1));
    }

    private void groupAnswers(String groupId, int status, String body) {
        stubs.add(network.register(get(urlEqualTo("/v1/security-groups/" + groupId)).atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", status < 400
                        ? "application/json" : "application/problem+json").withBody(body))));
    }

    static ValidatableResponse launch(SagaDriver d, List<String> groups) {
        return given().auth().oauth2(d.token).contentType("application/json").body(Map.of("imageId", UBUNTU,
                "instanceType", "t3.micro", "securityGroupIds", groups)).when().post("/v1/instances").then();
    }

    static ValidatableResponse patch(SagaDriver d, String id, List<String> groups) {
        return given().auth().oauth2(d.token).contentType("application/json").body(Map.of("securityGroupIds", groups))
                .when().patch("/v1/instances/" + id).then();
    }
}
