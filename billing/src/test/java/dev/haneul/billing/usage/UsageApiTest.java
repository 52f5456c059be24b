package dev.haneul.billing.usage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.billing.support.Db;
import dev.haneul.billing.support.Events;
import dev.haneul.billing.support.TestClock;
import dev.haneul.events.EventCodec;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class UsageApiTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @KafkaBootstrap
    String bootstrap;

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    ValidatableResponse usage(String account) {
        return given().auth().oauth2(TestTokens.user(account)).when().get("/v1/billing/usage").then();
    }

    @Test
    void runningThenStoppingShowsTheSecondsAndDuplicatesChangeNothing() {
        clock.set(NOW);
        String account = Events.account();
        String instance = Events.instanceId();
        Instant start = NOW.minusSeconds(7200);
        EventCodec.Encoded running = Events.running(account, instance, 0, "t3.micro", start);
        EventCodec.Encoded stopping = Events.stopping(account, instance, 0, "t3.micro", start.plusSeconds(1800));
        Events.send(bootstrap, running);
        Events.send(bootstrap, stopping);

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> usage(account).statusCode(200)
                .body("items", hasSize(1)).body("items[0].runningSeconds", equalTo(1800)));
        usage(account).body("items[0].instanceId", equalTo(instance))
                .body("items[0].instanceType", equalTo("t3.micro"))
                .body("items[0].billedSeconds", equalTo(1800))
                .body("items[0].intervals", hasSize(1))
                .body("items[0].intervals[0].start", equalTo(start.toString()))
                .body("items[0].intervals[0].end", equalTo(start.plusSeconds(1800).toString()))
                .body("items[0].amountUsd", equalTo("0.005200"))
                .body("items[0].amountRoundedUsd", equalTo("0.01"))
                .body("totalUsd", equalTo("0.005200"));

        // redeliveries of both events, then a later (no-op) end on the same key as a marker of progress
        Events.send(bootstrap, running);
        Events.send(bootstrap, stopping);
        EventCodec.Encoded marker = Events.terminated(account, instance, 0, "t3.micro", start.plusSeconds(5000));
        Events.send(bootstrap, marker);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Db.hasFact(marker.id()));

        assertEquals(3, Db.factsOf(instance));
        usage(account).body("items", hasSize(1)).body("items[0].runningSeconds", equalTo(1800))
                .body("items[0].intervals", hasSize(1)).body("totalUsd", equalTo("0.005200"));
    }

    @Test
    void anOpenIntervalCountsUpToNowAndAShortRunIsBilledTheMinimum() {
        clock.set(NOW);
        String account = Events.account();
        String open = Events.instanceId();
        String brief = Events.instanceId();
        Events.send(bootstrap, Events.running(account, open, 0, "m5.large", NOW.minusSeconds(3600)));
        Events.send(bootstrap, Events.running(account, brief, 0, "t2.micro", NOW.minusSeconds(600)));
        Events.send(bootstrap, Events.stopping(account, brief, 0, "t2.micro", NOW.minusSeconds(570)));

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> usage(account).statusCode(200)
                .body("items", hasSize(2))
                .body("items.find { it.instanceId == '" + open + "' }.runningSeconds", equalTo(3600))
                .body("items.find { it.instanceId == '" + brief + "' }.billedSeconds", equalTo(60)));
        usage(account).body("items.find { it.instanceId == '" + brief + "' }.runningSeconds", equalTo(30))
                .body("items.find { it.instanceId == '" + open + "' }.amountUsd", equalTo("0.096000"));

        clock.set(NOW.plusSeconds(1800));
        usage(account).body("items.find { it.instanceId == '" + open + "' }.runningSeconds", equalTo(5400));
    }

    @Test
    void anotherAccountSeesNothing() {
        clock.set(NOW);
        String owner = Events.account();
        String instance = Events.instanceId();
        Events.send(bootstrap, Events.running(owner, instance, 0, "c5.large", NOW.minusSeconds(100)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> usage(owner).body("items", hasSize(1)));

        usage(Events.account()).statusCode(200).body("items", hasSize(0)).body("totalUsd", equalTo("0.000000"));
    }

    @Test
    void anonymousIs401AndBadInputIs400() {
        given().when().get("/v1/billing/usage").then().statusCode(401).body("code", equalTo("AuthFailure"));
        String token = TestTokens.user(Events.account());
        given().auth().oauth2(token).queryParam("from", "yesterday").when().get("/v1/billing/usage").then()
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(token).queryParam("from", "2026-11-02T00:00:00Z").queryParam("to", "2026-11-01T00:00:00Z")
                .when().get("/v1/billing/usage").then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(token).queryParam("groupBy", "planet").when().get("/v1/billing/usage").then()
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
    }
}
