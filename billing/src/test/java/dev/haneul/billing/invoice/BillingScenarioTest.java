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
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * October 2026 of one account, with hand-computed amounts:
 * <ul>
 * <li>a c5.2xlarge: a 30 s run (billed 60 s), a 1 h run, 1 h stopped, a 90 s run, then a price change on the
 * 15th (0.34 to 0.40 USD/h) and a 1 h run at the new price;</li>
 * <li>a gp3 volume, 100 GiB with 4000 IOPS (1000 above the included 3000) and 250 MiB/s (125 above the
 * included 125), grown to 200 GiB on the 6th, deleted on the 16th: half a (30-day) month; the gp3 IOPS price
 * changes on the 11th (0.005 to 0.006 USD per IOPS-month);</li>
 * <li>a snapshot of it (200 GiB) completed on the 10th, deleted on the 13th;</li>
 * <li>an elastic IP held 10 h (associated in between: billed the same), and the instance's auto-assigned
 * public IP during its 1 h run.</li>
 * </ul>
 * One account receives the events in order, another the same history shuffled with every event sent twice:
 * both invoices must be identical and equal to the hand computation.
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

    /** One account's October: the resources and their events. */
    record October(String account, String instance, String volume, String snapshot, String eip, String autoIp) {

        static October fresh() {
            return new October(Events.account(), Events.instanceId(), Events.id("vol"), Events.id("snap"),
                    Events.id("eipalloc"), Events.id("lease"));
        }

        List<EventCodec.Encoded> events() {
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
                    Events.terminated(account, instance, 3, TYPE, d20.plusSeconds(3700)),
                    Events.autoIpAcquired(account, autoIp, instance, d3),
                    Events.autoIpReleased(account, autoIp, instance, d3.plusSeconds(3600)),
                    Events.volumeCreated(account, volume, "gp3", 100, 4000, 250, OCT),
                    Events.volumeAttached(account, volume, instance, OCT.plusSeconds(60)),
                    Events.volumeModified(account, volume, "gp3", 200, 4000, 250, at("2026-10-06T00:00:00Z")),
                    Events.volumeDeleted(account, volume, at("2026-10-16T00:00:00Z")),
                    Events.snapshotCreated(account, snapshot, volume, 200, at("2026-10-09T23:00:00Z")),
                    Events.snapshotCompleted(account, snapshot, volume, 200, at("2026-10-10T00:00:00Z")),
                    Events.snapshotDeleted(account, snapshot, at("2026-10-13T00:00:00Z")),
                    Events.elasticIpAllocated(account, eip, at("2026-10-05T10:00:00Z")),
                    Events.elasticIpAssociated(account, eip, instance, at("2026-10-05T12:00:00Z")),
                    Events.elasticIpReleased(account, eip, at("2026-10-05T20:00:00Z")));
        }

        /** The billable events each resource must have recorded (attach, association, snapshot start bill nothing). */
        boolean allRecorded() {
            return Db.factsOf(instance) == 9 && Db.factsOf(volume) == 3 && Db.factsOf(snapshot) == 2
                    && Db.factsOf(eip) == 2 && Db.factsOf(autoIp) == 2;
        }
    }

    static Instant at(String t) {
        return Instant.parse(t);
    }

    ValidatableResponse get(String account, String path) {
        return given().auth().oauth2(TestTokens.user(account)).when().get(path).then();
    }

    static String line(String resourceId, String meterKind) {
        return "lines.find { it.resourceId == '" + resourceId + "' && it.meterKind == '" + meterKind + "' }";
    }

    @Test
    void invoicesAreExactImmutableAndIndependentOfDeliveryOrder() {
        clock.set(OCT);
        String admin = TestTokens.admin(Events.account());
        given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("priceKey", TYPE, "unitPrice", "0.40", "effectiveFrom", "2026-10-15T00:00:00Z"))
                .when().put("/v1/billing/prices").then().statusCode(200).body("inForce", equalTo(false));
        given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("meterKind", "volume-iops", "priceKey", "gp3", "unitPrice", "0.006",
                        "effectiveFrom", "2026-10-11T00:00:00Z"))
                .when().put("/v1/billing/prices").then().statusCode(200).body("unit", equalTo("gb-month"))
                .body("inForce", equalTo(false));
        given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("priceKey", TYPE, "unitPrice", "0.50", "effectiveFrom", "2026-09-01T00:00:00Z"))
                .when().put("/v1/billing/prices").then().statusCode(400).body("code", equalTo("InvalidParameterValue"));

        October inOrder = October.fresh();
        October shuffled = October.fresh();
        inOrder.events().forEach(e -> Events.send(bootstrap, e));
        List<EventCodec.Encoded> replay = new ArrayList<>(shuffled.events());
        replay.addAll(replay);
        Collections.shuffle(replay, new Random(42));
        replay.forEach(e -> Events.send(bootstrap, e));
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> inOrder.allRecorded() && shuffled.allRecorded());

        clock.set(NOV5);
        // a closed month's invoice is there once the month's close issued it; a read never issues one
        get(inOrder.account(), "/v1/billing/invoices/2026-10").statusCode(404)
                .body("code", equalTo("InvalidInvoice.NotFound"));
        assertEquals(null, Db.invoiceIdOf(inOrder.account(), "2026-10"));
        close(YearMonth.of(2026, 10));
        for (October o : List.of(inOrder, shuffled)) {
            get(o.account(), "/v1/billing/invoices/2026-10").statusCode(200)
                    .body("billingMonth", equalTo("2026-10")).body("status", equalTo("closed"))
                    .body("lines", hasSize(7))
                    // 3750 s at 0.34/h + 3600 s at 0.40/h = 0.354166.. + 0.4
                    .body(line(o.instance(), "instance-running") + ".usageSeconds", equalTo(7320))
                    .body(line(o.instance(), "instance-running") + ".billedSeconds", equalTo(7350))
                    .body(line(o.instance(), "instance-running") + ".amountUsd", equalTo("0.754167"))
                    // 100 GiB x 5 d + 200 GiB x 10 d = 216,000,000 GiB-s; x 0.08 / 2,592,000 s = 6.666666..
                    .body(line(o.volume(), "volume-storage") + ".usageSeconds", equalTo(1296000))
                    .body(line(o.volume(), "volume-storage") + ".quantitySeconds", equalTo(216000000))
                    .body(line(o.volume(), "volume-storage") + ".unit", equalTo("GiB"))
                    .body(line(o.volume(), "volume-storage") + ".amountUsd", equalTo("6.666667"))
                    // 1000 IOPS x 10 d at 0.005 (1.666666..) + 1000 IOPS x 5 d at 0.006 (1.0)
                    .body(line(o.volume(), "volume-iops") + ".quantitySeconds", equalTo(1296000000))
                    .body(line(o.volume(), "volume-iops") + ".amountUsd", equalTo("2.666667"))
                    // 125 MiB/s x 15 d x 0.04 / 30 d
                    .body(line(o.volume(), "volume-throughput") + ".amountUsd", equalTo("2.500000"))
                    // 200 GiB x 3 d x 0.05 / 30 d
                    .body(line(o.snapshot(), "snapshot-storage") + ".quantitySeconds", equalTo(51840000))
                    .body(line(o.snapshot(), "snapshot-storage") + ".amountUsd", equalTo("1.000000"))
                    // 10 h x 0.005 and 1 h x 0.005
                    .body(line(o.eip(), "public-ipv4") + ".usageSeconds", equalTo(36000))
                    .body(line(o.eip(), "public-ipv4") + ".amountUsd", equalTo("0.050000"))
                    .body(line(o.autoIp(), "public-ipv4") + ".amountUsd", equalTo("0.005000"))
                    .body("totalUsd", equalTo("13.642501")).body("totalRoundedUsd", equalTo("13.64"));
        }
        get(shuffled.account(), "/v1/billing/invoices").statusCode(200)
                .body("invoices.billingMonth", equalTo(List.of("2026-10")));
        get(shuffled.account(), "/v1/billing/invoices/2026-11").statusCode(404)
                .body("code", equalTo("InvalidInvoice.NotFound"));
        get(shuffled.account(), "/v1/billing/invoices/oct").statusCode(400).body("code", equalTo("InvalidParameterValue"));
        // a month long before the account existed: no invoice, and none is made by asking
        get(shuffled.account(), "/v1/billing/invoices/0001-01").statusCode(404)
                .body("code", equalTo("InvalidInvoice.NotFound"));
        assertEquals(null, Db.invoiceIdOf(shuffled.account(), "0001-01"));
        get(shuffled.account(), "/v1/billing/invoices").statusCode(200)
                .body("invoices.billingMonth", equalTo(List.of("2026-10")));
        // the usage API computes interval by interval, the invoice in SQL: the same amounts
        given().auth().oauth2(TestTokens.user(shuffled.account())).queryParam("from", OCT.toString())
                .queryParam("to", "2026-11-01T00:00:00Z").queryParam("groupBy", "type")
                .when().get("/v1/billing/usage").then().statusCode(200)
                .body("items", hasSize(6))
                .body("items.find { it.meterKind == 'instance-running' }.instanceType", equalTo(TYPE))
                .body("items.find { it.meterKind == 'instance-running' }.amountUsd", equalTo("0.754167"))
                .body("items.find { it.meterKind == 'public-ipv4' }.amountUsd", equalTo("0.055000"))
                .body("totalUsd", equalTo("13.642501"));
        // the same six lines five a page, in the same order; the total is the whole window's on every page
        List<String> six = given().auth().oauth2(TestTokens.user(shuffled.account())).queryParam("from", OCT.toString())
                .queryParam("to", "2026-11-01T00:00:00Z").queryParam("groupBy", "type")
                .when().get("/v1/billing/usage").then().extract().path("items.priceKey");
        String next = given().auth().oauth2(TestTokens.user(shuffled.account())).queryParam("from", OCT.toString())
                .queryParam("to", "2026-11-01T00:00:00Z").queryParam("groupBy", "type").queryParam("limit", 5)
                .when().get("/v1/billing/usage").then().statusCode(200)
                .body("items.priceKey", equalTo(six.subList(0, 5))).body("totalUsd", equalTo("13.642501"))
                .extract().path("nextToken");
        given().auth().oauth2(TestTokens.user(shuffled.account())).queryParam("from", OCT.toString())
                .queryParam("to", "2026-11-01T00:00:00Z").queryParam("groupBy", "type").queryParam("limit", 5)
                .queryParam("nextToken", next).when().get("/v1/billing/usage").then().statusCode(200)
                .body("items.priceKey", equalTo(six.subList(5, 6))).body("totalUsd", equalTo("13.642501"))
                .body("nextToken", equalTo(null));
        given().auth().oauth2(TestTokens.user(shuffled.account())).queryParam("from", OCT.toString())
                .queryParam("to", "2026-11-01T00:00:00Z")
                .when().get("/v1/billing/usage").then().statusCode(200)
                .body("items.find { it.resourceId == '" + shuffled.volume() + "' && it.meterKind == 'volume-storage' }"
                        + ".intervals.quantity", equalTo(List.of(100, 200)))
                .body("totalUsd", equalTo("13.642501"));

        // a late run in October after the invoice was issued: the invoice stays, reconciliation tells
        String i1 = inOrder.instance();
        EventCodec.Encoded late = Events.running(inOrder.account(), i1, 4, TYPE, Instant.parse("2026-10-25T00:00:00Z"));
        EventCodec.Encoded lateEnd = Events.stopping(inOrder.account(), i1, 4, TYPE,
                Instant.parse("2026-10-25T01:00:00Z"));
        Events.send(bootstrap, late);
        Events.send(bootstrap, lateEnd);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Db.hasFact(lateEnd.id()));
        get(inOrder.account(), "/v1/billing/invoices/2026-10").body("totalUsd", equalTo("13.642501"));
        reconcile(admin, inOrder.account()).body("matches", equalTo(false))
                .body("invoiceTotalUsd", equalTo("13.642501"))
                .body("recomputedTotalUsd", equalTo("14.042501")).body("storedTotalUsd", equalTo("14.042501"));
        reconcile(admin, shuffled.account()).body("matches", equalTo(true)).body("differences", hasSize(0))
                .body("storedTotalUsd", equalTo("13.642501"));
        given().auth().oauth2(TestTokens.user(inOrder.account())).contentType("application/json")
                .body(Map.of("accountId", inOrder.account(), "billingMonth", "2026-10"))
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

    @Test
    void costAndBudgetsCountVolumesAndAddressesStillHeld() {
        Instant june = Instant.parse("2026-06-01T00:00:00Z");
        Instant mid = Instant.parse("2026-06-16T00:00:00Z");
        clock.set(mid);
        String account = Events.account();
        String volume = Events.id("vol");
        String eip = Events.id("eipalloc");
        EventCodec.Encoded created = Events.volumeCreated(account, volume, "io1", 100, 1000, null, june);
        EventCodec.Encoded allocated = Events.elasticIpAllocated(account, eip, june);
        Events.send(bootstrap, created);
        Events.send(bootstrap, allocated);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Db.hasFact(created.id()) && Db.hasFact(allocated.id()));

        // half of June (30 days): io1 100 GiB x 0.125 / 2 = 6.25, 1000 IOPS x 0.065 / 2 = 32.5, 360 h x 0.005 = 1.8;
        // the forecast keeps both until the month ends: 12.5 + 65 + 3.6
        get(account, "/v1/billing/cost").statusCode(200).body("billingMonth", equalTo("2026-06"))
                .body("monthToDateUsd", equalTo("40.550000")).body("forecastUsd", equalTo("81.100000"));
        String token = TestTokens.user(account);
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("budgetName", "storage", "amountUsd", "50", "thresholds", List.of(
                        Map.of("percent", 80, "thresholdType", "actual"),
                        Map.of("percent", 100, "thresholdType", "actual"),
                        Map.of("percent", 100, "thresholdType", "forecast"))))
                .when().post("/v1/billing/budgets").then().statusCode(201)
                .body("actualUsd", equalTo("40.550000")).body("forecastUsd", equalTo("81.100000"))
                .body("thresholds.crossed", equalTo(List.of(true, false, true)));

        // the volume is deleted now: it stops counting, the address goes on
        EventCodec.Encoded deleted = Events.volumeDeleted(account, volume, mid);
        Events.send(bootstrap, deleted);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Db.hasFact(deleted.id()));
        get(account, "/v1/billing/cost").statusCode(200).body("monthToDateUsd", equalTo("40.550000"))
                .body("forecastUsd", equalTo("42.350000"));
        given().auth().oauth2(token).when().get("/v1/billing/usage").then().statusCode(200)
                .body("items.find { it.meterKind == 'volume-iops' }.priceKey", equalTo("io1"))
                .body("items.find { it.meterKind == 'volume-iops' }.unit", equalTo("IOPS"))
                .body("items.find { it.meterKind == 'volume-iops' }.quantitySeconds", equalTo(1296000000))
                .body("items.find { it.meterKind == 'volume-iops' }.intervals[0].end", equalTo(mid.toString()))
                .body("items.find { it.meterKind == 'public-ipv4' }.runningSeconds", equalTo(1296000))
                .body("totalUsd", equalTo("40.550000"));
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
        int accounts = close(YearMonth.of(2026, 7));
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
    void closesRacingEachOtherAndReadsIssueOneInvoiceAndNeverFail() throws Throwable {
        clock.set(Instant.parse("2026-06-30T20:00:00Z"));
        String account = Events.account();
        EventCodec.Encoded running = Events.running(account, Events.instanceId(), 0, "t3.small",
                Instant.parse("2026-06-30T21:00:00Z"));
        Events.send(bootstrap, running);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Db.hasFact(running.id()));
        clock.set(Instant.parse("2026-07-01T00:30:00Z"));

        // four closes of the month (replicas whose lock was lost) and twelve reads, all at once: one insert
        // wins, the other closes read it, a read answers the invoice or "being issued", never an error
        int closes = 4;
        int readers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(closes + readers);
        CyclicBarrier start = new CyclicBarrier(closes + readers);
        try {
            List<Future<String>> reads = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                reads.add(pool.submit(() -> {
                    get(account, "/v1/billing/invoices/2026-05").statusCode(404);   // warm: the client is ready
                    start.await();
                    ValidatableResponse r = get(account, "/v1/billing/invoices/2026-06");
                    int status = r.extract().statusCode();
                    assertTrue(status == 200 || status == 404, "answered " + status);
                    return status == 200 ? r.extract().path("invoiceId")
                            : r.body("code", equalTo("InvalidInvoice.NotFound")).extract().path("code");
                }));
            }
            List<Future<Integer>> closed = new ArrayList<>();
            for (int i = 0; i < closes; i++) {
                closed.add(pool.submit(() -> {
                    start.await();
                    return close(YearMonth.of(2026, 6));
                }));
            }
            for (Future<Integer> c : closed) {
                assertTrue(c.get() >= 1);
            }
            String invoiceId = Db.invoiceIdOf(account, "2026-06");
            assertNotNull(invoiceId);
            for (Future<String> read : reads) {
                assertTrue(List.of(invoiceId, "InvalidInvoice.NotFound").contains(read.get()), read.get());
            }
            // 3 h at 0.0208/h, announced once
            get(account, "/v1/billing/invoices/2026-06").statusCode(200).body("invoiceId", equalTo(invoiceId))
                    .body("totalUsd", equalTo("0.062400"));
            try (EventProbe probe = new EventProbe(bootstrap, Topics.BILLING_EVENTS)) {
                probe.awaitEvents(Duration.ofSeconds(60), es -> probe.records().stream()
                        .anyMatch(r -> invoiceId.equals(r.key())));
                assertEquals(1, probe.records().stream().filter(r -> r.value().contains("haneul.billing.invoice-issued.v1")
                        && r.value().contains(account)).count());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The month's close, as InvoiceClose runs it. */
    int close(YearMonth month) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> invoices.closeMonth(month));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
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
