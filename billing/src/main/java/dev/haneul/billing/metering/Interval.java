package dev.haneul.billing.metering;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A span during which a resource cost money: {@code quantity} units of {@code meterKind} priced by
 * {@code priceKey} from {@code start} to {@code end} ({@code null} while still open: it counts up to now).
 */
public record Interval(String accountId, String resourceId, MeterKind meterKind, String priceKey,
        BigDecimal quantity, Instant start, Instant end, int attempt) {

    /** A stable id: one interval per resource, meter and attempt. */
    public String id() {
        return resourceId + ":" + meterKind.id() + ":" + attempt;
    }

    public boolean isOpen() {
        return end == null;
    }
}
