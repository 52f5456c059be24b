package dev.haneul.billing.usage;

import dev.haneul.billing.metering.Interval;
import dev.haneul.billing.money.Money;
import dev.haneul.billing.pricing.PriceBook;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The usage of one interval within a window [from, to). Running time is the part of the interval inside the
 * window (an open interval runs until {@code now}), in whole milliseconds. The per-start minimum (60 s for
 * instances) is charged in the window that contains the start: it tops the interval's whole duration up to the
 * minimum, at the price in force at the start. Windows therefore add up: a month is the sum of its days.
 * <p>
 * The result is not money yet: it is the quantity-milliseconds (quantity x ms) charged at each price point,
 * split where the price changes. A line's amount is computed once from the sum of those ({@link Money}), the
 * same way {@link UsageTotals} does it in SQL, so both give the same figure to the last digit.
 */
public final class UsageCalculator {

    private UsageCalculator() {
    }

    /**
     * One interval's share of a window: quantity-milliseconds by price point (running and minimum top-up
     * together); {@code priced} is false when part of it has no price (that part costs nothing).
     */
    public record Usage(Interval interval, long runningMillis, long billedMillis, BigDecimal quantityMillis,
            Map<PriceBook.Point, BigDecimal> quantityMillisByPrice, boolean priced) {
    }

    public static Usage of(Interval iv, Instant from, Instant to, Instant now, PriceBook prices) {
        Instant end = iv.end() != null ? iv.end() : max(now, iv.start());
        Instant a = max(iv.start(), from);
        Instant b = min(end, to);
        long running = a.isBefore(b) ? Duration.between(a, b).toMillis() : 0;
        Map<PriceBook.Point, BigDecimal> byPrice = new LinkedHashMap<>();
        boolean priced = true;
        if (a.isBefore(b)) {
            Instant cursor = a;
            for (Instant change : prices.changesWithin(iv.meterKind(), iv.priceKey(), a, b)) {
                priced &= charge(byPrice, prices, iv, cursor, Duration.between(cursor, change).toMillis());
                cursor = change;
            }
            priced &= charge(byPrice, prices, iv, cursor, Duration.between(cursor, b).toMillis());
        }
        long topUp = 0;
        if (!iv.start().isBefore(from) && iv.start().isBefore(to)) {
            long minimum = iv.meterKind().minimumSeconds() * 1000L;
            topUp = Math.max(0, minimum - Duration.between(iv.start(), end).toMillis());
            if (topUp > 0) {
                priced &= charge(byPrice, prices, iv, iv.start(), topUp);
            }
        }
        long billed = running + topUp;
        return new Usage(iv, running, billed, iv.quantity().multiply(BigDecimal.valueOf(billed)), byPrice, priced);
    }

    /** Adds {@code millis} of the interval's quantity at the price in force at {@code at}; false if none is. */
    private static boolean charge(Map<PriceBook.Point, BigDecimal> byPrice, PriceBook prices, Interval iv,
            Instant at, long millis) {
        Optional<PriceBook.Point> p = prices.at(iv.meterKind(), iv.priceKey(), at);
        p.ifPresent(point -> byPrice.merge(point, iv.quantity().multiply(BigDecimal.valueOf(millis)), BigDecimal::add));
        return p.isPresent() || millis == 0;
    }

    private static Instant max(Instant x, Instant y) {
        return x.isAfter(y) ? x : y;
    }

    private static Instant min(Instant x, Instant y) {
        return x.isBefore(y) ? x : y;
    }
}
