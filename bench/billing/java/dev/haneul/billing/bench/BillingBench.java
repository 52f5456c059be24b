package dev.haneul.billing.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.billing.invoice.InvoiceService;
import dev.haneul.billing.invoice.api.InvoiceView;
import dev.haneul.billing.support.Events;
import dev.haneul.billing.support.TestClock;
import dev.haneul.billing.usage.GroupBy;
import dev.haneul.billing.usage.UsageReport;
import dev.haneul.billing.usage.UsageService;
import dev.haneul.events.EventCodec;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Billing's benchmark (run it with bench/billing/run.sh; README.md beside it). Two figures:
 * <ol>
 * <li><b>ingestion</b>: usage events per second through the real consumer path (Kafka broker, the three
 * {@code @Incoming} consumers, the event processor's transaction with the consumed-event log, billable facts,
 * meter rebuild) into MariaDB: {@code bench.events} lifecycle events (instances, volumes, public IPs) are
 * produced to Kafka and the clock runs until the last one is recorded;</li>
 * <li><b>invoice</b>: an account with {@code bench.records} usage records (stored meter intervals, bulk-loaded
 * with one INSERT ... SELECT from MariaDB's sequence engine) gets its month's invoice computed: the database's
 * aggregation alone, then the whole issue (aggregation, storing the lines, the outbox event), then reading it
 * back through the REST API.</li>
 * </ol>
 * Everything runs in a database of its own ({@link BenchDatabase}), created and dropped around the run.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = BenchDatabase.class, restrictToAnnotatedClass = true)
class BillingBench {
    static final int EVENTS = Integer.getInteger("bench.events", 9_000);
    static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    static final int RESOURCES = Integer.getInteger("bench.resources", 10_000);
    static final boolean COMPARE_JAVA = Boolean.getBoolean("bench.compareJava");
    static final YearMonth MONTH = YearMonth.of(2026, 10);
    static final Instant OCT = Instant.parse("2026-10-01T00:00:00Z");

    @KafkaBootstrap
    String bootstrap;
    @Inject
    TestClock clock;
    @Inject
    InvoiceService invoices;
    @Inject
    UsageService usage;

    final List<String> report = new ArrayList<>();

    @AfterEach
    void realTime() {
        clock.reset();
    }

    static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection db() throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return DriverManager.getConnection(url, "haneul_test", "haneul_test");
    }

    static long count(String sql) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    void print(String line) {
        report.add(line);
        System.out.println("[billing-bench] " + line);
    }

    @Test
    void bench() throws Exception {
        print(String.format("machine: %d cores, JVM %s, max heap %d MiB", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20));
        ingestion();
        invoice();
        System.out.println();
        System.out.println("==== billing benchmark ====");
        report.forEach(System.out::println);
        System.out.println("===========================");
    }

    /** A resource's lifecycle: instance start/stop twice, a volume created, modified, deleted, an IP held. */
    static List<EventCodec.Encoded> cycle(String account, int n) {
        Instant t = OCT.plusSeconds(n * 60L);
        String instance = Events.instanceId();
        String volume = Events.id("vol");
        String lease = Events.id("lease");
        return List.of(
                Events.running(account, instance, 0, "t3.micro", t),
                Events.stopping(account, instance, 0, "t3.micro", t.plusSeconds(3600)),
                Events.running(account, instance, 1, "t3.micro", t.plusSeconds(7200)),
                Events.stopping(account, instance, 1, "t3.micro", t.plusSeconds(7230)),
                Events.volumeCreated(account, volume, "gp3", 100, 4000, 250, t),
                Events.volumeModified(account, volume, "gp3", 200, 4000, 250, t.plusSeconds(600)),
                Events.volumeDeleted(account, volume, t.plusSeconds(86_400)),
                Events.autoIpAcquired(account, lease, instance, t),
                Events.autoIpReleased(account, lease, instance, t.plusSeconds(3600)));
    }

    /** Produces the events (asynchronously, all at once) and returns when the last is recorded. */
    long ingest(List<EventCodec.Encoded> events) throws Exception {
        long before = count("SELECT COUNT(DISTINCT event_id) FROM billable_event");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (EventCodec.Encoded e : events) {
                producer.send(new ProducerRecord<>(e.topic(), e.key(), e.json()));
            }
            producer.flush();
        }
        long target = before + events.size();
        Awaitility.await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("SELECT COUNT(DISTINCT event_id) FROM billable_event") >= target);
        return System.nanoTime() - start;
    }

    void ingestion() throws Exception {
        String account = Events.account();
        List<EventCodec.Encoded> warmUp = new ArrayList<>();
        for (int i = 0; warmUp.size() < 450; i++) {
            warmUp.addAll(cycle(account, i));
        }
        ingest(warmUp);
        List<EventCodec.Encoded> events = new ArrayList<>();
        for (int i = 0; events.size() < EVENTS; i++) {
            events.addAll(cycle(Events.account(), i));
        }
        long nanos = ingest(events);
        double seconds = nanos / 1e9;
        print(String.format("ingestion: %d events (instance, volume and network topics; 9 per resource cycle) "
                + "recorded in %.1f s = %.0f events/s (after a %d-event warm-up)", events.size(), seconds,
                events.size() / seconds, warmUp.size()));
    }

    void invoice() throws Exception {
        String account = Events.account();
        long loadStart = System.nanoTime();
        try (Connection c = db(); Statement s = c.createStatement()) {
            // a mid-month price change, so the aggregation splits intervals at it
            s.execute("INSERT INTO price (id, price_key, meter_kind, unit, unit_price, effective_from, created_at) "
                    + "VALUES ('instance-running/t3.micro/bench', 't3.micro', 'instance-running', 'hour', 0.0125, "
                    + "'2026-10-15 12:00:00', NOW(6))");
            s.execute(bulkLoad(account));
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        long rows = count("SELECT COUNT(*) FROM meter WHERE account_id = '" + account + "'");
        assertEquals(RECORDS, rows);
        print(String.format("bulk load: %d usage records (meter intervals) over %d resources loaded in %.1f s",
                rows, RESOURCES, loadSeconds));

        clock.set(Instant.parse("2026-11-05T00:00:00Z"));
        Instant from = OCT;
        Instant to = Instant.parse("2026-11-01T00:00:00Z");
        Instant now = clock.instant();
        double[] aggregation = new double[3];
        UsageReport totals = null;
        for (int i = 0; i < aggregation.length; i++) {
            long t0 = System.nanoTime();
            totals = await(() -> Panache.withSession(() -> usage.totals(account, from, to, now)));
            aggregation[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(aggregation);
        print(String.format("invoice aggregation (SQL over %d records -> %d lines, total %s USD): best %.2f s, "
                + "median %.2f s, worst %.2f s of %d runs", rows, totals.lines().size(), totals.total().toPlainString(),
                aggregation[0], aggregation[1], aggregation[2], aggregation.length));

        long t0 = System.nanoTime();
        InvoiceView invoice = await(() -> invoices.issueOnce(account, MONTH, now));   // as the month's close does
        double issue = (System.nanoTime() - t0) / 1e9;
        assertEquals(totals.total().toPlainString(), invoice.totalUsd());
        print(String.format("invoice issue by the month's close (aggregation + %d lines stored + InvoiceIssued in the "
                + "outbox, one transaction): %.2f s; total %s USD (%s rounded)", invoice.lines().size(), issue, invoice.totalUsd(),
                invoice.totalRoundedUsd()));

        long t1 = System.nanoTime();
        String body = RestAssured.given().auth().oauth2(TestTokens.user(account)).when()
                .get("/v1/billing/invoices/" + MONTH).then().statusCode(200).extract().asString();
        double read = (System.nanoTime() - t1) / 1e9;
        assertTrue(body.contains(invoice.invoiceId()));
        print(String.format("GET /v1/billing/invoices/%s of the issued invoice: %.2f s (%d KiB of JSON)", MONTH, read,
                body.length() >> 10));

        if (COMPARE_JAVA) {
            long t2 = System.nanoTime();
            UsageReport java = await(() -> Panache.withSession(() -> usage.report(account, from, to, now,
                    GroupBy.RESOURCE)));
            double javaSeconds = (System.nanoTime() - t2) / 1e9;
            assertEquals(totals.total(), java.total());
            print(String.format("for comparison, interval by interval in Java (entities loaded): %.2f s, same total",
                    javaSeconds));
        }
    }

    /**
     * {@code RECORDS} intervals in October 2026 over {@code RESOURCES} resources, each with RECORDS/RESOURCES
     * intervals in consecutive slots: 60 % of the resources are instances (t3.micro, whose price changes on the
     * 15th, and m5.large; every tenth run is shorter than the 60 s minimum), 10 % gp3 volumes' storage (100 GiB),
     * 10 % their extra IOPS (1000), 5 % their extra throughput (125 MiB/s), 5 % snapshots (50 GiB), 10 % public
     * IPv4 leases; a third of the resources' last interval is still open.
     */
    static String bulkLoad(String account) {
        int r = RESOURCES;
        int perResource = RECORDS / RESOURCES;
        long slot = 31L * 86_400 / perResource;
        return """
                INSERT INTO meter (id, account_id, resource_id, meter_kind, unit, quantity, price_key, started_at,
                                   ended_at, minimum_seconds)
                SELECT CONCAT(res, ':', kind, ':', slot), '%1$s', res, kind, unit, qty, pkey, st,
                       CASE WHEN slot = %3$d AND rn MOD 3 = 0 THEN NULL ELSE st + INTERVAL dur SECOND END, minsec
                FROM (
                  SELECT rn, slot, kind,
                         CASE kind WHEN 'instance-running' THEN IF(rn MOD 2 = 0, 't3.micro', 'm5.large')
                                   WHEN 'snapshot-storage' THEN 'snapshot' WHEN 'public-ipv4' THEN 'public-ipv4'
                                   ELSE 'gp3' END AS pkey,
                         CASE kind WHEN 'instance-running' THEN 'instance' WHEN 'volume-iops' THEN 'IOPS'
                                   WHEN 'volume-throughput' THEN 'MiBps' WHEN 'public-ipv4' THEN 'address'
                                   ELSE 'GiB' END AS unit,
                         CASE kind WHEN 'volume-storage' THEN 100 WHEN 'volume-iops' THEN 1000
                                   WHEN 'volume-throughput' THEN 125 WHEN 'snapshot-storage' THEN 50 ELSE 1 END AS qty,
                         IF(kind = 'instance-running', 60, 0) AS minsec,
                         CONCAT(CASE kind WHEN 'instance-running' THEN 'i-bench-' WHEN 'snapshot-storage' THEN 'snap-bench-'
                                          WHEN 'public-ipv4' THEN 'eipalloc-bench-' ELSE 'vol-bench-' END,
                                LPAD(CASE kind WHEN 'volume-storage' THEN rn - %5$d WHEN 'volume-iops' THEN rn - %6$d
                                               WHEN 'volume-throughput' THEN rn - %7$d ELSE rn END, 6, '0')) AS res,
                         TIMESTAMP'2026-10-01 00:00:00' + INTERVAL (slot * %4$d + rn MOD 600) SECOND AS st,
                         CASE WHEN kind = 'instance-running' AND slot MOD 10 = 0 THEN 30
                              WHEN kind = 'instance-running' THEN %4$d DIV 2 + rn MOD (%4$d DIV 4)
                              ELSE %4$d - 600 END AS dur
                  FROM (SELECT (seq - 1) MOD %2$d AS rn, (seq - 1) DIV %2$d AS slot,
                               CASE WHEN (seq - 1) MOD %2$d < %5$d THEN 'instance-running'
                                    WHEN (seq - 1) MOD %2$d < %6$d THEN 'volume-storage'
                                    WHEN (seq - 1) MOD %2$d < %7$d THEN 'volume-iops'
                                    WHEN (seq - 1) MOD %2$d < %8$d THEN 'volume-throughput'
                                    WHEN (seq - 1) MOD %2$d < %9$d THEN 'snapshot-storage'
                                    ELSE 'public-ipv4' END AS kind
                        FROM seq_1_to_%10$d) s
                ) x
                """.formatted(account, r, perResource - 1, slot, r * 6 / 10, r * 7 / 10, r * 8 / 10, r * 85 / 100,
                r * 9 / 10, RECORDS);
    }
}
