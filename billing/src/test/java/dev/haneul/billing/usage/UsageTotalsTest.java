package dev.haneul.billing.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.billing.metering.Interval;
import dev.haneul.billing.metering.Meter;
import dev.haneul.billing.metering.MeterKind;
import dev.haneul.billing.pricing.PriceCatalog;
import dev.haneul.billing.support.Events;
import dev.haneul.billing.support.TestClock;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database's aggregation ({@link UsageService#totals}, used by invoices, cost and budgets) against the
 * interval-by-interval computation ({@link UsageService#report}, used by the usage API and reconciliation) on
 * random intervals: microsecond edges, zero-length and sub-minimum runs, open intervals, price changes at odd
 * instants, a key priced only from mid-month and a key never priced. Every line must agree to the last digit.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class UsageTotalsTest {
    static final Instant MAY = Instant.parse("2027-05-01T00:00:00Z");

    @Inject
    TestClock clock;
    @Inject
    UsageService usage;
    @Inject
    PriceCatalog catalog;

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

    void price(MeterKind kind, String key, String unitPrice, Instant from) {
        await(() -> Panache.withTransaction(() -> catalog.change(kind, key, new BigDecimal(unitPrice), from)));
    }

    static List<String> normalised(UsageReport r) {
        List<String> out = new ArrayList<>();
        for (UsageReport.Line l : r.lines()) {
            out.add(l.resourceId() + " " + l.meterKind().id() + " " + l.priceKey() + " run " + l.runningMillis()
                    + " billed " + l.billedMillis() + " qty-ms " + l.quantityMillis().stripTrailingZeros().toPlainString()
                    + " = " + l.amount().toPlainString() + (l.priced() ? "" : " (unpriced)"));
        }
        out.add("total " + r.total().toPlainString());
        return out;
    }

    @Test
    void theDatabaseSumsExactlyWhatTheIntervalsGive() {
        clock.set(MAY);
        String suffix = Long.toString(System.nanoTime(), 36);
        String type = "it" + suffix;
        String unpricedType = "iu" + suffix;
        String storage = "vs" + suffix;
        String iops = "vi" + suffix;
        price(MeterKind.INSTANCE_RUNNING, type, "0.0123", MAY);
        price(MeterKind.INSTANCE_RUNNING, type, "0.0456", Instant.parse("2027-05-10T13:17:23.456789Z"));
        price(MeterKind.INSTANCE_RUNNING, type, "0.01", Instant.parse("2027-05-20T00:00:00Z"));
        price(MeterKind.VOLUME_STORAGE, storage, "0.08", Instant.parse("2027-05-15T00:00:00.5Z"));
        price(MeterKind.VOLUME_STORAGE, storage, "0.1", Instant.parse("2027-05-25T06:00:00Z"));
        price(MeterKind.VOLUME_IOPS, iops, "0.005", Instant.parse("2027-04-01T00:00:00Z").plus(60, ChronoUnit.DAYS));

        String account = Events.account();
        Random random = new Random(7);
        Instant base = Instant.parse("2027-04-25T00:00:00Z");
        long spanMicros = ChronoUnit.MICROS.between(base, Instant.parse("2027-06-05T00:00:00Z"));
        long[] durations = { 0, 1, 999, 1_000, 30_000_000L, 59_999_999L, 60_000_000L, 3_600_000_000L,
                86_400_000_000L, 20L * 86_400_000_000L };
        List<Meter> meters = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int r = random.nextInt(12);
            MeterKind kind = r < 6 ? MeterKind.INSTANCE_RUNNING : r < 10 ? MeterKind.VOLUME_STORAGE : MeterKind.VOLUME_IOPS;
            String key = kind == MeterKind.INSTANCE_RUNNING ? (random.nextInt(8) == 0 ? unpricedType : type)
                    : kind == MeterKind.VOLUME_STORAGE ? storage : iops;
            BigDecimal quantity = kind == MeterKind.INSTANCE_RUNNING ? BigDecimal.ONE
                    : BigDecimal.valueOf(1 + random.nextInt(4000), random.nextInt(3));
            Instant start = base.plus((long) (random.nextDouble() * spanMicros), ChronoUnit.MICROS);
            long d = durations[random.nextInt(durations.length)] + (random.nextBoolean() ? random.nextInt(1_000_000) : 0);
            Instant end = random.nextInt(10) == 0 ? null : start.plus(d, ChronoUnit.MICROS);
            meters.add(Meter.of(new Interval(account, "res-" + suffix + "-" + random.nextInt(25), kind, key, quantity,
                    start, end, i)));
        }
        await(() -> Panache.withTransaction(() -> Meter.persist(meters)));

        Instant odd = Instant.parse("2027-05-10T13:17:23.456789Z");
        Instant[][] windows = {
                { MAY, Instant.parse("2027-06-01T00:00:00Z"), Instant.parse("2027-05-20T12:34:56.789123Z") },
                { MAY, Instant.parse("2027-06-01T00:00:00Z"), Instant.parse("2027-06-01T00:00:00Z") },
                { odd, Instant.parse("2027-05-11T00:00:00Z"), Instant.parse("2027-06-10T00:00:00Z") },
                { odd.minusMillis(1), odd.plusMillis(1), odd },
                { Instant.parse("2027-04-01T00:00:00Z"), Instant.parse("2027-07-01T00:00:00Z"),
                        Instant.parse("2027-04-30T23:59:59.999999Z") } };
        int compared = 0;
        for (Instant[] w : windows) {
            UsageReport intervals = await(() -> Panache.withSession(
                    () -> usage.report(account, w[0], w[1], w[2], GroupBy.RESOURCE)));
            UsageReport database = await(() -> Panache.withSession(() -> usage.totals(account, w[0], w[1], w[2])));
            assertEquals(normalised(intervals), normalised(database), "window " + w[0] + " .. " + w[1] + " now " + w[2]);
            compared += intervals.lines().size();
        }
        assertTrue(compared > 100, "the windows compared " + compared + " lines");
        UsageReport may = await(() -> Panache.withSession(
                () -> usage.totals(account, MAY, Instant.parse("2027-06-01T00:00:00Z"), Instant.parse("2027-06-01T00:00:00Z"))));
        assertTrue(may.lines().stream().anyMatch(l -> !l.priced()), "some lines have unpriced parts");
        assertTrue(may.total().signum() > 0);
    }
}
