package dev.haneul.billing.invoice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.billing.support.Db;
import dev.haneul.billing.support.Events;
import dev.haneul.billing.support.TestClock;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.testing.EventProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import java.time.YearMonth;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * October 2026 of a c5.2xlarge: a 30 s run (billed 60 s), a 1 h run, 1 h stopped, a 90 s run, then a price
 * change on the 15th and a 1 h run at the new price. One account receives the events in order, another the
 * same history shuffled with every event sent twice: both invoices must be identical.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class BillingScenarioTest {
    static final String TYPE = "c5.2xlarge";
    static final Instant OCT = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant NOV5 = Instant.parse("2026-11-05T00:00:00Z");

    @KafkaBootstrap
    String bootstrap;

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    static List<EventCodec.Encoded> october(String account, String instance) {
        Instant d2 = Instant.parse("2026-10-02T00:00:00Z");
        Instant d3 = Instant.parse("2026-10-03T00:00:00Z");
        Instant d20 = Instant.parse("2026-10-20T00:00:00Z");
        return List.of(
                Events.running(account, instance, 0, TYPE, d2), Events.stopping(account, instance, 0, TYPE,
                        d2.plusSeconds(30)),
                Events.running(account, instance, 1, TYPE, d3), Events.stopping(account, instance, 1, TYPE,
                        d3.plusSeconds(3600)),
                Events.running(account, instance, 2, TYPE, d3.plusSeconds(7200)),
                Events.stopping(account, instance, 2, TYPE, d3.plusSeconds(7290)),
                Events.running(account, instance, 3, TYPE, d20), Events.stopping(account, instance, 3, TYPE,
                        d20.plusSeconds(3600)),
                Events.terminated(account, instance, 3, TYPE, d20.plusSeconds(3700)));
    }

    ValidatableResponse get(String account, String path) {
        return given().auth().oauth2(TestTokens.user(account)).when().get(path).then();
    }

    @Test
    void invoicesAreExactImmutableAndIndependentOfDeliveryOrder() {
        clock.set(OCT);
        String admin = TestTokens.admin(Events.account());
        given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("priceKey", TYPE, "unitPrice", "0.40", "effectiveFrom", "2026-10-15T00:00:00Z"))
                .when().put("/v1/billing/prices").then().statusCode(200).body("inForce", equalTo(false));
        given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("priceKey", TYPE, "unitPrice", "0.50", "effectiveFrom", "2026-09-01T00:00:00Z"))
                .when().put("/v1/billing/prices").then().statusCode(400).body("code", equalTo("InvalidParameterValue"));

        String inOrder = Events.account();
        String shuffled = Events.account();
        String i1 = Events.instanceId();
        String i2 = Events.instanceId();
        october(inOrder, i1).forEach(e -> Events.send(bootstrap, e));
        List<EventCodec.Encoded> replay = new ArrayList<>(october(shuffled, i2));
        replay.addAll(replay);
        Collections.shuffle(replay, new Random(42));
        replay.forEach(e -> Events.send(bootstrap, e));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> Db.factsOf(i1) == 9 && Db.factsOf(i2) == 9);

        clock.set(NOV5);
        for (String account : List.of(inOrder, shuffled)) {
            get(account, "/v1/billing/invoices/2026-10").statusCode(200)
                    .body("billingMonth", equalTo("2026-10")).body("status", equalTo("closed"))
                    .body("lines", hasSize(1))
                    .body("lines[0].usageSeconds", equalTo(7320)).body("lines[0].billedSeconds", equalTo(7350))
                    // 3750 s at 0.34/h + 3600 s at 0.40/h = 0.354166.. + 0.4
                    .body("lines[0].amountUsd", equalTo("0.754167")).body("totalUsd", equalTo("0.754167"))
                    .body("totalRoundedUsd", equalTo("0.75"));
        }
        get(shuffled, "/v1/billing/invoices").statusCode(200)
                .body("invoices.billingMonth", equalTo(List.of("2026-10")));
        get(shuffled, "/v1/billing/invoices/2026-11").statusCode(404).body("code", equalTo("InvalidInvoice.NotFound"));
        get(shuffled, "/v1/billing/invoices/oct").statusCode(400).body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(TestTokens.user(shuffled)).queryParam("from", OCT.toString())
                .queryParam("to", "2026-11-01T00:00:00Z").queryParam("groupBy", "type")
                .when().get("/v1/billing/usage").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].instanceType", equalTo(TYPE))
                .body("items[0].amountUsd", equalTo("0.754167"));

        // a late run in October after the invoice was issued: the invoice stays, reconciliation tells
        EventCodec.Encoded late = Events.running(inOrder, i1, 4, TYPE, Instant.parse("2026-10-25T00:00:00Z"));
        EventCodec.Encoded lateEnd = Events.stopping(inOrder, i1, 4, TYPE, Instant.parse("2026-10-25T01:00:00Z"));
        Events.send(bootstrap, late);
        Events.send(bootstrap, lateEnd);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Db.hasFact(lateEnd.id()));
        get(inOrder, "/v1/billing/invoices/2026-10").body("totalUsd", equalTo("0.754167"));
        reconcile(admin, inOrder).body("matches", equalTo(false)).body("invoiceTotalUsd", equalTo("0.754167"))
                .body("recomputedTotalUsd", equalTo("1.154167")).body("storedTotalUsd", equalTo("1.154167"));
        reconcile(admin, shuffled).body("matches", equalTo(true)).body("differences", hasSize(0));
        given().auth().oauth2(TestTokens.user(inOrder)).contentType("application/json")
                .body(Map.of("accountId", inOrder, "billingMonth", "2026-10"))
                .when().post("/v1/billing/reconciliations").then().statusCode(403);
    }

    ValidatableResponse reconcile(String adminToken, String account) {
        return given().auth().oauth2(adminToken).contentType("application/json")
                .body(Map.of("accountId", account, "billingMonth", "2026-10"))
                .when().post("/v1/billing/reconciliations").then().statusCode(200);
    }

    @Test
    void costIsMonthToDateAndAForecastAtTheCurrentRunRate() {
        Instant start = Instant.parse("2026-09-05T00:00:00Z");
        clock.set(start.plusSeconds(3600));
        String account = Events.account();
        String instance = Events.instanceId();
        EventCodec.Encoded running = Events.running(account, instance, 0, "r5.large", start);
        Events.send(bootstrap, running);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Db.hasFact(running.id()));

        // 1 h so far at 0.126/h; 26 days to the end of September = 624 h
        get(account, "/v1/billing/cost").statusCode(200).body("billingMonth", equalTo("2026-09"))
                .body("monthToDateUsd", equalTo("0.126000")).body("monthToDateRoundedUsd", equalTo("0.13"))
                .body("forecastUsd", equalTo("78.624000")).body("forecastRoundedUsd", equalTo("78.62"));
        get(Events.account(), "/v1/billing/cost").statusCode(200).body("monthToDateUsd", equalTo("0.000000"));
    }

    @Inject
    InvoiceService invoices;

    @Test
    void theMonthIsClosedForEveryMeteredAccountAndAnnounced() throws Throwable {
        clock.set(Instant.parse("2026-07-31T23:00:00Z"));
        String account = Events.account();
        EventCodec.Encoded running = Events.running(account, Events.instanceId(), 0, "t3.small",
                Instant.parse("2026-07-31T22:00:00Z"));
        Events.send(bootstrap, running);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Db.hasFact(running.id()));

        clock.set(Instant.parse("2026-08-01T00:30:00Z"));
        int accounts = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> invoices.closeMonth(YearMonth.of(2026, 7))));
        assertTrue(accounts >= 1);
        String invoiceId = Db.invoiceIdOf(account, "2026-07");
        assertNotNull(invoiceId);
        // the still-running instance is billed up to the month boundary: 2 h at 0.0208/h
        get(account, "/v1/billing/invoices/2026-07").statusCode(200).body("invoiceId", equalTo(invoiceId))
                .body("totalUsd", equalTo("0.041600"));
        try (EventProbe probe = new EventProbe(bootstrap, Topics.BILLING_EVENTS)) {
            probe.awaitEvents(Duration.ofSeconds(60), es -> probe.records().stream()
                    .anyMatch(r -> invoiceId.equals(r.key()) && r.value().contains("haneul.billing.invoice-issued.v1")
                            && r.value().contains("0.041600")));
        }
    }

    @Test
    void pricesAreForAdminsOnly() {
        given().auth().oauth2(TestTokens.admin(Events.account())).when().get("/v1/billing/prices").then()
                .statusCode(200).body("findAll { it.priceKey == 't3.micro' && it.inForce }.unitPrice",
                        hasItem("0.0104"));
        given().auth().oauth2(TestTokens.user(Events.account())).when().get("/v1/billing/prices").then()
                .statusCode(403);
        given().auth().oauth2(TestTokens.admin(Events.account())).contentType("application/json")
                .body(Map.of("priceKey", "t3.micro", "unitPrice", "-1")).when().put("/v1/billing/prices").then()
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
        assertEquals(0, Db.factsOf("i-none"));
    }
}
