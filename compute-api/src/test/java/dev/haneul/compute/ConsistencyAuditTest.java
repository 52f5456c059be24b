package dev.haneul.compute;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.haneul.compute.SagaDriver.UBUNTU;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * compute-api's audit over HTTP, the other services faked at their boundary (one WireMock server, a path each):
 * their answers are read page by page and judged against compute-api's real instance states — a mismatched host,
 * a stopped instance still holding capacity and an allocation for an instance nobody launched are reported, a
 * consistent instance is not — and a service that does not answer makes the report say so, not a 500.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeServices.class)
class ConsistencyAuditTest {
    @KafkaBootstrap
    String kafka;

    private final WireMock fake = FakeServices.client();
    private final List<StubMapping> stubs = new ArrayList<>();
    private final String admin = TestTokens.admin("000000000001");

    @AfterEach
    void removeStubs() {
        stubs.forEach(fake::removeStubMapping);
    }

    private void answer(String service, String nextToken, String body) {
        var request = get(urlPathEqualTo("/audit-" + service + "/v1/admin/audit"))
                .withHeader("Authorization", equalTo("Bearer " + admin)).withQueryParam("limit", equalTo("1000"))
                .withQueryParam("nextToken", nextToken == null ? absent() : equalTo(nextToken));
        stubs.add(fake.register(request.atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body))));
    }

    private static String held(String instanceId, String kind, String id, String detail) {
        return "{\"instanceId\":\"" + instanceId + "\",\"holds\":[{\"kind\":\"" + kind + "\",\"id\":\"" + id
                + "\",\"detail\":\"" + detail + "\"}]}";
    }

    private static String page(String service, String nextToken, String... instances) {
        return "{\"service\":\"" + service + "\",\"instances\":[" + String.join(",", instances)
                + "],\"violations\":[]" + (nextToken == null ? "" : ",\"nextToken\":\"" + nextToken + "\"") + "}";
    }

    @Test
    void reportsWhatTheServicesHoldAgainstTheInstancesStatesAndAServiceThatDoesNotAnswer() {
        SagaDriver d = new SagaDriver(kafka);
        Map<String, Object> launch = Map.of("imageId", UBUNTU, "instanceType", "t3.micro");
        String ok = d.launchId(launch);
        d.run(ok, 0, "host-a", null);
        String moved = d.launchId(launch);
        d.run(moved, 0, "host-b", null);
        String stopped = d.launchId(launch);
        d.run(stopped, 0, "host-c", null);
        d.stop(stopped, 0, "host-c");
        String nobody = "i-f" + HexFormat.of().formatHex(randomBytes());

        // the scheduler answers in two pages; billing is down (the fake resets its connection)
        answer("scheduler", null, page("scheduler", "page-2", held(ok, "allocation", "host-a", "2 vCPUs"),
                held(moved, "allocation", "host-x", "2 vCPUs")));
        answer("scheduler", "page-2", page("scheduler", null, held(stopped, "allocation", "host-c", "2 vCPUs"),
                held(nobody, "allocation", "host-d", "2 vCPUs")));
        answer("network", null, page("network", null, held(ok, "interface", SagaDriver.eni(ok), "10.0.0.9"),
                held(moved, "interface", SagaDriver.eni(moved), "10.0.0.9"),
                held(stopped, "interface", SagaDriver.eni(stopped), "10.0.0.9")));
        answer("volume", null, page("volume", null, held(ok, "volume", SagaDriver.rootVolume(ok), "/dev/sda1"),
                held(moved, "volume", SagaDriver.rootVolume(moved), "/dev/sda1")));

        var report = given().auth().oauth2(admin).queryParam("inFlightSeconds", 0).when().get("/v1/admin/audit")
                .then().statusCode(200).extract();
        assertEquals("inconsistent", report.path("result"));
        assertEquals(0, (Integer) report.path("inFlightSeconds"));
        List<Map<String, Object>> findings = report.path("findings");
        List<String> mine = findings.stream()
                .filter(f -> List.of(ok, moved, stopped, nobody).contains(f.get("subject")))
                .map(f -> f.get("code") + " " + f.get("service") + " " + f.get("subject") + " " + f.get("state"))
                .sorted().toList();
        assertEquals(List.of("HeldWhileStopped scheduler " + stopped + " stopped",
                "Mismatch scheduler " + moved + " running", "Orphan scheduler " + nobody + " unknown"),
                mine, () -> "" + findings);
        Map<String, Object> billing = service(report.path("services"), "billing");
        assertEquals(false, billing.get("answered"));
        assertTrue(((String) billing.get("error")).startsWith("billing did not answer"), () -> "" + billing);
        Map<String, Object> scheduler = service(report.path("services"), "scheduler");
        assertEquals(true, scheduler.get("complete"));
        assertEquals(4, scheduler.get("instances"), "both pages were read");
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static Map<String, Object> service(List<Map<String, Object>> services, String name) {
        return services.stream().filter(s -> name.equals(s.get("service"))).findFirst().orElseThrow();
    }

    @Test
    void theInFlightWindowIsJudgedByDefaultAndRefusesNonsense() {
        SagaDriver d = new SagaDriver(kafka);
        String fresh = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        d.run(fresh, 0, "host-a", null);
        var report = given().auth().oauth2(admin).when().get("/v1/admin/audit").then().statusCode(200).extract();
        assertEquals(60, (Integer) report.path("inFlightSeconds"));
        List<Map<String, Object>> notJudged = report.path("notJudged");
        List<Map<String, Object>> findings = report.path("findings");
        assertTrue(findings.stream().noneMatch(f -> fresh.equals(f.get("subject"))), () -> "" + findings);
        assertTrue(report.<Integer>path("notJudgedCount") > 100 || notJudged.stream()
                .anyMatch(n -> fresh.equals(n.get("instanceId"))), () -> "" + notJudged);
        assertEquals("incomplete", report.path("result"), "every service is down: nothing can be judged");

        given().auth().oauth2(admin).queryParam("inFlightSeconds", "-1").when().get("/v1/admin/audit")
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("InvalidParameterValue"));
        given().auth().oauth2(TestTokens.user("000000000002")).when().get("/v1/admin/audit")
                .then().statusCode(403).body("code", org.hamcrest.Matchers.equalTo("UnauthorizedOperation"));
    }
}
