package dev.haneul.kit.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class KitTest {
    @KafkaBootstrap
    String bootstrap;

    @Test
    void missingOrForgedTokensAre401ProblemJson() {
        given().contentType("application/json").body("{\"instanceId\":\"i-1\"}")
                .when().post("/v1/probe")
                .then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("AuthFailure")).body("requestId", notNullValue());
        given().auth().oauth2("not.a.token").contentType("application/json").body("{\"instanceId\":\"i-1\"}")
                .when().post("/v1/probe")
                .then().statusCode(401).body("code", equalTo("AuthFailure"));
        given().auth().oauth2(TestTokens.expired("111111111111")).contentType("application/json")
                .body("{\"instanceId\":\"i-1\"}")
                .when().post("/v1/probe")
                .then().statusCode(401).body("code", equalTo("AuthFailure"));
    }

    @Test
    void readOnlyCredentialsDescribeButChangeNothing() {
        String readOnly = TestTokens.token("333333333333", Set.of("user", "read-only"),
                Duration.ofMinutes(5));
        given().auth().oauth2(readOnly).when().get("/v1/probe/whoami")
                .then().statusCode(200).body("accountId", equalTo("333333333333"));
        given().auth().oauth2(readOnly).contentType("application/json").body("{\"instanceId\":\"i-0dddddddddddddddd\"}")
                .when().post("/v1/probe")
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("UnauthorizedOperation"));
        given().auth().oauth2(TestTokens.user("333333333333")).contentType("application/json")
                .body("{\"instanceId\":\"i-0dddddddddddddddd\"}")
                .when().post("/v1/probe").then().statusCode(200);
    }

    @Test
    void badInputIs400WithEc2Codes() {
        String token = TestTokens.user("111111111111");
        given().auth().oauth2(token).contentType("application/json").body("{\"instanceId\":\"\"}")
                .when().post("/v1/probe")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(token).contentType("application/json").body("{\"instanceId\":\"i-1\",\"bogus\":1}")
                .when().post("/v1/probe")
                .then().statusCode(400).body("code", equalTo("UnknownParameter"));
        given().auth().oauth2(token).contentType("application/json").body("{not json")
                .when().post("/v1/probe")
                .then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(token).header("X-Request-Id", "req-12345678")
                .when().post("/v1/probe/fail/IncorrectInstanceState")
                .then().statusCode(409).header("X-Request-Id", "req-12345678")
                .body("code", equalTo("IncorrectInstanceState")).body("requestId", equalTo("req-12345678"))
                .body("detail", equalTo("refused on purpose"));
        given().auth().oauth2(token).when().get("/v1/nowhere")
                .then().statusCode(404).body("code", equalTo("InvalidAction"));
    }

    @Test
    void outboxEventsReachKafkaAndAreConsumedOnceEvenWhenRedelivered() {
        String token = TestTokens.user("222222222222");
        given().auth().oauth2(token).contentType("application/json").body("{\"instanceId\":\"i-0aaaaaaaaaaaaaaaa\"}")
                .when().post("/v1/probe")
                .then().statusCode(200).body("accountId", equalTo("222222222222"));

        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            List<Envelope> events = probe.awaitEvents(Duration.ofSeconds(30), es -> es.stream()
                    .anyMatch(e -> e.subject().equals("i-0aaaaaaaaaaaaaaaa")));
            Envelope sent = events.stream().filter(e -> e.subject().equals("i-0aaaaaaaaaaaaaaaa")).findFirst()
                    .orElseThrow();
            InstanceTerminated data = (InstanceTerminated) sent.data();
            assertEquals("222222222222", data.accountId());
            String key = sent.subject();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> timesApplied(key) == 1);

            // all on the event's own key, so one partition, consumed in this order: the same record again, as a
            // redelivery after a crash would bring it; a poison message; then a good event (of another instance)
            // behind them. Once the good one is applied, the redelivery and the poison message were consumed, and
            // the poison message did not block the partition.
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, key, probe.records().stream()
                    .filter(r -> r.key().equals(key)).findFirst().orElseThrow().value());
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, key, "{garbage");
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, key, EventCodec.encode("kit-test",
                    new InstanceTerminated("222222222222", "i-0bbbbbbbbbbbbbbbb", 0, Instant.now(), "t3.micro",
                            "kr-central-1a", null, "Client.UserInitiatedShutdown", "test")).json());
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> timesApplied("i-0bbbbbbbbbbbbbbbb") == 1);
        assertEquals(1, timesApplied("i-0aaaaaaaaaaaaaaaa"), "the redelivered event was not applied again");

        try (EventProbe dlq = new EventProbe(bootstrap, Topics.DEAD_LETTER)) {
            dlq.awaitEvents(Duration.ofSeconds(30), es -> dlq.records().stream()
                    .anyMatch(r -> r.value().equals("{garbage")));
        }
    }

    @Test
    void transientFailuresAreRetriedUntilTheEffectIsApplied() {
        String token = TestTokens.user("333333333333");
        given().auth().oauth2(token).contentType("application/json").body("{\"instanceId\":\"i-0cccccccccccccccc\"}")
                .when().post("/v1/probe").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> timesApplied("i-0cccccccccccccccc") == 1);
        assertEquals(-1, ProbeConsumer.FAILURES_LEFT.get() < 0 ? -1 : ProbeConsumer.FAILURES_LEFT.get(),
                "both injected failures were consumed by retries");
    }

    private int timesApplied(String instanceId) {
        try {
            Object n = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery(
                            "SELECT COALESCE(MAX(times_applied), 0) FROM probe_effect WHERE instance_id = :id")
                            .setParameter("id", instanceId).getSingleResult())));
            return ((Number) n).intValue();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
