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

    /** One group: a resource (null when grouped by type), its meter and price key, and the day when by day. */
    public record Line(String resourceId, MeterKind meterKind, String priceKey, LocalDate day, long runningMillis,
            long billedMillis, BigDecimal amount, boolean priced, List<Interval> intervals) {
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
        BigDecimal total = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new UsageReport(from, to, groupBy, lines, Money.micros(total));
    }

    private static List<Line> group(List<Interval> intervals, Instant from, Instant to, Instant now,
            PriceBook prices, boolean byType, LocalDate day) {
        Map<List<Object>, List<UsageCalculator.Usage>> groups = new LinkedHashMap<>();
        for (Interval iv : intervals) {
            UsageCalculator.Usage u = UsageCalculator.of(iv, from, to, now, prices);
            if (u.billedMillis() > 0) {
                List<Object> key = byType ? List.of(iv.meterKind(), iv.priceKey())
                        : List.of(iv.resourceId(), iv.meterKind());
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(u);
            }
        }
        List<Line> out = new ArrayList<>();
        groups.forEach((key, usages) -> out.add(line(usages, byType, day)));
        out.sort(Comparator.comparing((Line l) -> l.meterKind().id())
                .thenComparing(l -> Objects.requireNonNullElse(l.resourceId(), l.priceKey())));
        return out;
    }

    private static Line line(List<UsageCalculator.Usage> usages, boolean byType, LocalDate day) {
        Interval last = usages.get(usages.size() - 1).interval();
        long running = 0;
        long billed = 0;
        BigDecimal exact = BigDecimal.ZERO;
        boolean priced = true;
        List<Interval> ivs = new ArrayList<>();
        for (UsageCalculator.Usage u : usages) {
            running += u.runningMillis();
            billed += u.billedMillis();
            exact = exact.add(u.exactCost());
            priced &= u.priced();
            ivs.add(u.interval());
        }
        return new Line(byType ? null : last.resourceId(), last.meterKind(), last.priceKey(), day, running, billed,
                Money.micros(exact), priced, byType ? List.of() : ivs);
    }

    private static Instant nextDay(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
