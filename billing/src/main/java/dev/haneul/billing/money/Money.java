package dev.haneul.billing.money;

import dev.haneul.billing.pricing.PriceUnit;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The one place where billing rounds money. Rules: usage is summed exactly (quantity x whole milliseconds, per
 * price point); each price point's share is quantity-ms x unit price / ms per unit with {@link BigDecimal} at
 * 34 significant digits (never floating point); a line (one resource and meter in a period) is the sum of
 * those, rounded half-up to 1e-6 USD; totals are sums of those 6-decimal amounts; cents (half-up) are only for
 * display and invoices, and an invoice total is its 6-decimal total rounded to cents. GB-month prices are per
 * 30-day month, 2,592,000 s ({@link PriceUnit#GB_MONTH}), whatever the calendar month's length.
 */
public final class Money {
    private static final MathContext EXACT = MathContext.DECIMAL128;
    private static final BigDecimal MILLIS = BigDecimal.valueOf(1000);

    private Money() {
    }

    /** The exact cost of {@code quantity} units during {@code millis} at {@code unitPrice} per {@code unit}. */
    public static BigDecimal cost(long millis, BigDecimal quantity, BigDecimal unitPrice, PriceUnit unit) {
        return cost(BigDecimal.valueOf(millis).multiply(quantity), unitPrice, unit);
    }

    /**
     * The cost of {@code quantityMillis} (quantity x milliseconds, exact) at {@code unitPrice} per {@code unit}:
     * the one division, at 34 significant digits.
     */
    public static BigDecimal cost(BigDecimal quantityMillis, BigDecimal unitPrice, PriceUnit unit) {
        BigDecimal perUnit = BigDecimal.valueOf(unit.seconds()).multiply(MILLIS);
        return quantityMillis.multiply(unitPrice).divide(perUnit, EXACT);
    }

    /** A line amount: half-up to 1e-6 USD. */
    public static BigDecimal micros(BigDecimal exact) {
        return exact.setScale(6, RoundingMode.HALF_UP);
    }

    /** A displayed or invoiced amount: half-up to cents. */
    public static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** Seconds as stored (up to 3 decimals), without trailing zeros and never in exponent form. */
    public static BigDecimal seconds(BigDecimal stored) {
        BigDecimal s = stored.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** Seconds from milliseconds, as a whole number when it is one. */
    public static BigDecimal seconds(long millis) {
        return millis % 1000 == 0 ? BigDecimal.valueOf(millis / 1000) : BigDecimal.valueOf(millis, 3);
    }
}
