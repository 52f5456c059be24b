package dev.haneul.billing.budget;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.billing.support.Db;
import dev.haneul.billing.support.Events;
import dev.haneul.billing.support.TestClock;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class BudgetApiTest {
    @KafkaBootstrap
    String bootstrap;

    @Inject
    TestClock clock;

    @Inject
    BudgetService budgets;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void thresholdsAreCrossedOncePerMonthAndAnnouncedOnce() {
        clock.set(Instant.parse("2026-08-10T00:00:00Z"));
        String account = Events.account();
        String token = TestTokens.user(account);
        EventCodec.Encoded running = Events.running(account, Events.instanceId(), 0, "m5.large",
                Instant.parse("2026-08-01T00:00:00Z"));
        Events.send(bootstrap, running);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Db.hasFact(running.id()));

        // 216 h so far at 0.096/h = 20.736; 744 h in August = 71.424
        String budgetId = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("budgetName", "monthly", "amountUsd", "50", "thresholds", List.of(
                        Map.of("percent", 40, "thresholdType", "actual"), Map.of("percent", 80),
                        Map.of("percent", 100, "thresholdType", "forecast"))))
                .when().post("/v1/billing/budgets").then().statusCode(201)
                .body("actualUsd", equalTo("20.736000")).body("forecastUsd", equalTo("71.424000"))
                .body("thresholds.crossed", equalTo(List.of(true, false, true)))
                .extract().path("budgetId");
        given().auth().oauth2(token).when().get("/v1/billing/budgets").then().statusCode(200)
                .body("budgets.budgetId", equalTo(List.of(budgetId)));

        clock.set(Instant.parse("2026-08-20T00:00:00Z"));
        given().auth().oauth2(token).when().get("/v1/billing/budgets/" + budgetId).then().statusCode(200)
                .body("thresholds.crossed", equalTo(List.of(true, true, true)));
        given().auth().oauth2(token).when().get("/v1/billing/budgets/" + budgetId).then().statusCode(200);

        try (EventProbe probe = new EventProbe(bootstrap, Topics.BILLING_EVENTS)) {
            probe.awaitEvents(Duration.ofSeconds(60), es -> crossings(probe, budgetId).size() >= 3);
            List<ConsumerRecord<String, String>> records = crossings(probe, budgetId);
            assertEquals(3, records.size());
            assertEquals(3, records.stream().map(r -> r.value().replaceAll(".*\"percent\":(\\d+).*", "$1"))
                    .distinct().count());
        }
        given().auth().oauth2(TestTokens.user(Events.account())).when().get("/v1/billing/budgets/" + budgetId)
                .then().statusCode(404).body("code", equalTo("InvalidBudget.NotFound"));
        given().auth().oauth2(token).when().delete("/v1/billing/budgets/" + budgetId).then().statusCode(204);
        given().auth().oauth2(token).when().get("/v1/billing/budgets").then().body("budgets", hasSize(0));
    }

    @Test
    void thePeriodicCheckEvaluatesEveryBudgetOfEveryAccountInBatchesAndTheListIsPaged() throws Throwable {
        Instant start = Instant.parse("2026-09-01T00:00:00Z");
        clock.set(start);
        List<String> accounts = List.of(Events.account(), Events.account());
        List<String> budgetIds = new ArrayList<>();
        for (String account : accounts) {
            int count = account.equals(accounts.get(0)) ? 6 : 1;
            EventCodec.Encoded running = Events.running(account, Events.instanceId(), 0, "m5.large", start);
            Events.send(bootstrap, running);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Db.hasFact(running.id()));
            for (int n = 0; n < count; n++) {
                // nothing has run yet at creation: not crossed; one hour later 0.096 > 0.05
                budgetIds.add(given().auth().oauth2(TestTokens.user(account)).contentType("application/json")
                        .body(Map.of("budgetName", "b" + n, "amountUsd", "0.05",
                                "thresholds", List.of(Map.of("percent", 100))))
                        .when().post("/v1/billing/budgets").then().statusCode(201)
                        .body("thresholds.crossed", equalTo(List.of(false))).extract().path("budgetId"));
            }
        }
        // five a page, in id order: the first account's six budgets on two pages, none of the other's
        String token = TestTokens.user(accounts.get(0));
        List<String> mine = budgetIds.subList(0, 6).stream().sorted().toList();
        String next = given().auth().oauth2(token).queryParam("limit", 5).when().get("/v1/billing/budgets").then()
                .statusCode(200).body("budgets.budgetId", equalTo(mine.subList(0, 5))).extract().path("nextToken");
        given().auth().oauth2(token).queryParam("limit", 5).queryParam("nextToken", next)
                .when().get("/v1/billing/budgets").then().statusCode(200)
                .body("budgets.budgetId", equalTo(mine.subList(5, 6))).body("nextToken", nullValue());

        clock.set(start.plus(Duration.ofHours(1)));
        int evaluated = VertxContextSupport.subscribeAndAwait(() -> budgets.evaluateEverything(2));
        assertTrue(evaluated >= 7, "evaluated " + evaluated);
        try (EventProbe probe = new EventProbe(bootstrap, Topics.BILLING_EVENTS)) {
            probe.awaitEvents(Duration.ofSeconds(60), es -> budgetIds.stream()
                    .allMatch(id -> crossings(probe, id).size() == 1));
        }
    }

    static List<ConsumerRecord<String, String>> crossings(EventProbe probe, String budgetId) {
        return probe.records().stream().filter(r -> budgetId.equals(r.key()))
                .filter(r -> r.value().contains("haneul.billing.budget-threshold-crossed.v1")).toList();
    }

    @Test
    void badBudgetsAre400AndAnonymousIs401() {
        String token = TestTokens.user(Events.account());
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("budgetName", "zero", "amountUsd", "0")).when().post("/v1/billing/budgets").then()
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("budgetName", "odd", "amountUsd", "10", "thresholds",
                        List.of(Map.of("percent", 50, "thresholdType", "sometimes"))))
                .when().post("/v1/billing/budgets").then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        // a fraction is refused, never truncated (1.5 was stored as 1), and the answer names the field
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"budgetName\":\"half\",\"amountUsd\":\"10\",\"thresholds\":[{\"percent\":1.5}]}")
                .when().post("/v1/billing/budgets").then().statusCode(400).body("code", equalTo("InvalidParameterValue"))
                .body("detail", containsString("thresholds[0].percent"));
        given().auth().oauth2(token).when().get("/v1/billing/budgets?limit=abc").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue")).body("detail", containsString("limit"));
        given().auth().oauth2(token).when().get("/v1/billing/budgets").then().statusCode(200)
                .body("budgets", hasSize(0));
        given().when().get("/v1/billing/budgets").then().statusCode(401);
    }
}
