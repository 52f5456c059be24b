package dev.haneul.billing.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.haneul.billing.metering.Interval;
import dev.haneul.billing.metering.MeterKind;
import dev.haneul.billing.pricing.PriceBook;
import dev.haneul.billing.pricing.PriceUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageCalculatorTest {
    static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");
    static final Instant MONTH = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant NEXT = Instant.parse("2026-12-01T00:00:00Z");
    static final PriceBook PRICES = new PriceBook(List.of(point("t3.micro", "0.0104", Instant.EPOCH),
            point("m5.large", "0.096", Instant.EPOCH)));

    static PriceBook.Point point(String key, String price, Instant from) {
        return new PriceBook.Point(MeterKind.INSTANCE_RUNNING, key, PriceUnit.HOUR, new BigDecimal(price), from);
    }

    static Interval run(String type, long startS, Long endS, int attempt) {
        return new Interval("123456789012", "i-1", MeterKind.INSTANCE_RUNNING, type, BigDecimal.ONE,
                T0.plusSeconds(startS), endS == null ? null : T0.plusSeconds(endS), attempt);
    }

    static UsageReport.Line only(List<Interval> ivs, Instant now, PriceBook prices) {
        List<UsageReport.Line> lines = UsageReport.of(ivs, MONTH, NEXT, now, prices, GroupBy.RESOURCE).lines();
        assertEquals(1, lines.size());
        return lines.get(0);
    }

    @Test
    void thirtySecondsAreBilledAsSixty() {
        UsageReport.Line l = only(List.of(run("t3.micro", 0, 30L, 0)), NEXT, PRICES);
        assertEquals(30_000, l.runningMillis());
        assertEquals(60_000, l.billedMillis());
        // 60 s x 0.0104 / 3600 = 0.000173333.. -> 0.000173
        assertEquals(new BigDecimal("0.000173"), l.amount());
    }

    @Test
    void anHourIsAnHour() {
        UsageReport.Line l = only(List.of(run("m5.large", 0, 3600L, 0)), NEXT, PRICES);
        assertEquals(3_600_000, l.billedMillis());
        assertEquals(new BigDecimal("0.096000"), l.amount());
    }

    @Test
    void stoppedTimeIsNotBilledAndEveryStartHasItsMinimum() {
        // 1 h running, 1 h stopped, 90 s running, then a 10 s run
        UsageReport.Line l = only(List.of(run("t3.micro", 0, 3600L, 0), run("t3.micro", 7200, 7290L, 1),
                run("t3.micro", 8000, 8010L, 2)), NEXT, PRICES);
        assertEquals(3_700_000, l.runningMillis());
        assertEquals(3_750_000, l.billedMillis());
    }

    @Test
    void anOpenIntervalCountsUpToNow() {
        UsageReport.Line l = only(List.of(run("t3.micro", 0, null, 0)), T0.plusSeconds(1800), PRICES);
        assertEquals(1_800_000, l.runningMillis());
        assertEquals(new BigDecimal("0.005200"), l.amount());
    }

    @Test
    void aPriceChangeSplitsTheIntervalAndNeverRewritesThePast() {
        PriceBook changed = new PriceBook(List.of(point("t3.micro", "0.0104", Instant.EPOCH),
                point("t3.micro", "0.02", T0.plusSeconds(3600))));
        UsageReport.Line l = only(List.of(run("t3.micro", 0, 7200L, 0)), NEXT, changed);
        assertEquals(new BigDecimal("0.030400"), l.amount());
    }

    @Test
    void windowsAddUpAndTheMinimumBelongsToTheStart() {
        Instant monthEnd = NEXT;
        Interval acrossMonths = new Interval("1", "i-2", MeterKind.INSTANCE_RUNNING, "t3.micro", BigDecimal.ONE,
                monthEnd.minusSeconds(10), monthEnd.plusSeconds(20), 0);
        UsageReport nov = UsageReport.of(List.of(acrossMonths), MONTH, NEXT, NEXT.plusSeconds(99), PRICES,
                GroupBy.RESOURCE);
        UsageReport dec = UsageReport.of(List.of(acrossMonths), NEXT, NEXT.plusSeconds(86400), NEXT.plusSeconds(99),
                PRICES, GroupBy.RESOURCE);
        assertEquals(40_000, nov.lines().get(0).billedMillis());
        assertEquals(20_000, dec.lines().get(0).billedMillis());
    }

    @Test
    void unknownTypesCostNothingAndSaySo() {
        UsageReport.Line l = only(List.of(run("x9.huge", 0, 3600L, 0)), NEXT, PRICES);
        assertEquals(new BigDecimal("0.000000"), l.amount());
        assertFalse(l.priced());
    }

    @Test
    void byDaySplitsAtUtcMidnight() {
        Interval overMidnight = run("t3.micro", 86400 - 600, 86400L + 1200, 0);
        List<UsageReport.Line> lines = UsageReport.of(List.of(overMidnight), MONTH, NEXT, NEXT, PRICES, GroupBy.DAY)
                .lines();
        assertEquals(2, lines.size());
        assertEquals(600_000, lines.get(0).runningMillis());
        assertEquals(1_200_000, lines.get(1).runningMillis());
    }
}
