package dev.haneul.billing.metering;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One billable fact taken from a lifecycle event: a resource started ({@link Kind#START}) or stopped
 * ({@link Kind#END}) costing money at {@code at}, for launch attempt {@code attempt}.
 */
public record Fact(String eventId, String eventType, String accountId, String resourceId, MeterKind meterKind,
        Kind kind, String priceKey, BigDecimal quantity, Instant at, int attempt) {

    /** What the fact does to the resource's meter. */
    public enum Kind {
        START, END
    }
}
