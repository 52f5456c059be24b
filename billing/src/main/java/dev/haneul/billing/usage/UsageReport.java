package dev.haneul.billing.usage;

import dev.haneul.billing.metering.Interval;
import dev.haneul.billing.metering.MeterKind;
import dev.haneul.billing.money.Money;
import dev.haneul.billing.pricing.PriceBook;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Usage of a set of intervals over a window, grouped into lines, each with its amount to 1e-6 USD. */
public record UsageReport(Instant from, Instant to, GroupBy groupBy, List<Line> lines, BigDecimal total) {

    /**
     * One group: a resource (null when grouped by type), its meter and price key (the latest interval's when a
     * resource changed type), the day when by day; running and billed milliseconds, quantity-milliseconds
     * (quantity x billed ms: GiB-ms, IOPS-ms, ...), the amount and the intervals (when by resource or day).
     */
    public record Line(String resourceId, MeterKind meterKind, String priceKey, LocalDate day, long runningMillis,
            long billedMillis, BigDecimal quantityMillis, BigDecimal amount, boolean priced,
            List<Interval> intervals) {

        /** Quantity-seconds: GiB-seconds, IOPS-seconds, MiBps-seconds, address-seconds or instance-seconds. */
        public BigDecimal quantitySeconds() {
            return Money.seconds(quantityMillis.movePointLeft(3));
        }
    }

    public static UsageReport of(List<Interval> intervals, Instant from, Instant to, Instant now, PriceBook prices,
            GroupBy groupBy) {
        List<Line> lines = new ArrayList<>();
        if (groupBy == GroupBy.DAY) {
            for (Instant day = from; day.isBefore(to); day = nextDay(day)) {
                Instant dayEnd = nextDay(day).isBefore(to) ? nextDay(day) : to;
                LocalDate date = LocalDate.ofInstant(day, ZoneOffset.UTC);
                lines.addAll(group(intervals, day, dayEnd, now, prices, false, date));
            }
        } else {
            lines.addAll(group(intervals, from, to, now, prices, groupBy == GroupBy.TYPE, null));
        }
        return of(from, to, groupBy, lines);
    }

    /** A report from finished lines: the total is the sum of the 6-decimal line amounts. */
    public static UsageReport of(Instant from, Instant to, GroupBy groupBy, List<Line> lines) {
        BigDecimal total = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new UsageReport(from, to, groupBy, lines, Money.micros(total));
    }

    private static List<Line> group(List<Interval> intervals, Instant from, Instant to, Instant now,
            PriceBook prices, boolean byType, LocalDate day) {
        Map<List<Object>, Accumulator> groups = new LinkedHashMap<>();
        for (Interval iv : intervals) {
            UsageCalculator.Usage u = UsageCalculator.of(iv, from, to, now, prices);
            if (u.billedMillis() > 0) {
                List<Object> key = byType ? List.of(iv.meterKind(), iv.priceKey())
                        : List.of(iv.resourceId(), iv.meterKind());
                Accumulator acc = groups.computeIfAbsent(key,
                        k -> new Accumulator(byType ? null : iv.resourceId(), iv.meterKind(), day, !byType));
                acc.add(u.runningMillis(), u.billedMillis(), u.quantityMillis(), u.quantityMillisByPrice(), u.priced(),
                        iv.start(), iv.priceKey());
                acc.intervals.add(iv);
            }
        }
        return sorted(groups.values().stream().map(Accumulator::line).toList());
    }

    /** Lines in their one order: by meter kind, then resource (or price key when grouped by type), then day. */
    public static List<Line> sorted(List<Line> lines) {
        List<Line> out = new ArrayList<>(lines);
        out.sort(Comparator.comparing((Line l) -> l.meterKind().id())
                .thenComparing(l -> Objects.requireNonNullElse(l.resourceId(), l.priceKey()))
                .thenComparing(l -> l.day() == null ? LocalDate.MIN : l.day()));
        return out;
    }

    /**
     * Sums the usage of one line, whatever it comes from (intervals here, SQL aggregates in {@link UsageTotals}),
     * and prices it once: the amount is the sum over price points of quantity-ms x unit price / ms per unit.
     */
    public static final class Accumulator {
        private final String resourceId;
        private final MeterKind meterKind;
        private final LocalDate day;
        private final boolean keepIntervals;
        private final List<Interval> intervals = new ArrayList<>();
        private final Map<PriceBook.Point, BigDecimal> byPrice = new LinkedHashMap<>();
        private long running;
        private long billed;
        private BigDecimal quantityMillis = BigDecimal.ZERO;
        private boolean priced = true;
        private Instant lastStart;
        private String priceKey;

        public Accumulator(String resourceId, MeterKind meterKind, LocalDate day, boolean keepIntervals) {
            this.resourceId = resourceId;
            this.meterKind = meterKind;
            this.day = day;
            this.keepIntervals = keepIntervals;
        }

        /** Adds usage; the line's price key is the one of the latest start (ties: the greatest key). */
        public void add(long runningMillis, long billedMillis, BigDecimal quantityMs,
                Map<PriceBook.Point, BigDecimal> quantityMsByPrice, boolean allPriced, Instant start, String key) {
            running += runningMillis;
            billed += billedMillis;
            quantityMillis = quantityMillis.add(quantityMs);
            quantityMsByPrice.forEach((p, q) -> byPrice.merge(p, q, BigDecimal::add));
            priced &= allPriced;
            if (start != null && (lastStart == null || start.isAfter(lastStart)
                    || (start.equals(lastStart) && key.compareTo(priceKey) > 0))) {
                lastStart = start;
                priceKey = key;
            }
        }

        public Line line() {
            BigDecimal exact = BigDecimal.ZERO;
            for (Map.Entry<PriceBook.Point, BigDecimal> e : byPrice.entrySet()) {
                exact = exact.add(Money.cost(e.getValue(), e.getKey().unitPrice(), e.getKey().unit()));
            }
            return new Line(resourceId, meterKind, priceKey, day, running, billed, quantityMillis, Money.micros(exact),
                    priced, keepIntervals ? List.copyOf(intervals) : List.of());
        }
    }

    private static Instant nextDay(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
