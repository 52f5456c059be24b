package dev.haneul.billing.usage;

import dev.haneul.billing.metering.Interval;
import dev.haneul.billing.money.Money;
import dev.haneul.billing.pricing.PriceBook;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The usage and cost of one interval within a window [from, to). Running time is the part of the interval
 * inside the window (an open interval runs until {@code now}). The per-start minimum (60 s for instances) is
 * charged in the window that contains the start: it tops the interval's whole duration up to the minimum,
 * at the price in force at the start. Windows therefore add up: a month is the sum of its days.
 */
public final class UsageCalculator {

    private UsageCalculator() {
    }

    /** One interval's share of a window. {@code priced} is false when no price exists for its key. */
    public record Usage(Interval interval, long runningMillis, long billedMillis, BigDecimal exactCost,
            boolean priced) {
    }

    public static Usage of(Interval iv, Instant from, Instant to, Instant now, PriceBook prices) {
        Instant end = iv.end() != null ? iv.end() : max(now, iv.start());
        Instant a = max(iv.start(), from);
        Instant b = min(end, to);
        long running = a.isBefore(b) ? Duration.between(a, b).toMillis() : 0;
        BigDecimal cost = BigDecimal.ZERO;
        boolean priced = true;
        for (Instant[] seg : segments(iv, a, b, prices)) {
            Optional<PriceBook.Point> p = prices.at(iv.meterKind(), iv.priceKey(), seg[0]);
            priced &= p.isPresent();
            cost = cost.add(p.map(pt -> Money.cost(Duration.between(seg[0], seg[1]).toMillis(), iv.quantity(),
                    pt.unitPrice(), pt.unit())).orElse(BigDecimal.ZERO));
        }
        long topUp = 0;
        if (!iv.start().isBefore(from) && iv.start().isBefore(to)) {
            long minimum = iv.meterKind().minimumSeconds() * 1000L;
            topUp = Math.max(0, minimum - Duration.between(iv.start(), end).toMillis());
            Optional<PriceBook.Point> p = prices.at(iv.meterKind(), iv.priceKey(), iv.start());
            priced &= p.isPresent();
            final long t = topUp;
            cost = cost.add(p.map(pt -> Money.cost(t, iv.quantity(), pt.unitPrice(), pt.unit()))
                    .orElse(BigDecimal.ZERO));
        }
        return new Usage(iv, running, running + topUp, cost, priced);
    }

    private static List<Instant[]> segments(Interval iv, Instant a, Instant b, PriceBook prices) {
        List<Instant[]> out = new ArrayList<>();
        if (!a.isBefore(b)) {
            return out;
        }
        Instant cursor = a;
        for (Instant change : prices.changesWithin(iv.meterKind(), iv.priceKey(), a, b)) {
            out.add(new Instant[] { cursor, change });
            cursor = change;
        }
        out.add(new Instant[] { cursor, b });
        return out;
    }

    private static Instant max(Instant x, Instant y) {
        return x.isAfter(y) ? x : y;
    }

    private static Instant min(Instant x, Instant y) {
        return x.isBefore(y) ? x : y;
    }
}
