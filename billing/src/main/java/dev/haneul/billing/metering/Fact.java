package dev.haneul.billing.metering;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One billable fact taken from a lifecycle event for one meter of a resource: it started ({@link Kind#START}),
 * its billed configuration changed ({@link Kind#RERATE}: {@code quantity} of {@code priceKey} from {@code at})
 * or it stopped ({@link Kind#END}) costing money at {@code at}. {@code attempt} is the instance's launch attempt
 * (0 for the other meters). One event may give several facts (a volume: storage, IOPS and throughput).
 */
public record Fact(String eventId, String eventType, String accountId, String resourceId, MeterKind meterKind,
        Kind kind, String priceKey, BigDecimal quantity, Instant at, int attempt) {

    /** What the fact does to the resource's meter. */
    public enum Kind {
        START, RERATE, END
    }

    /** The fact's own id: one per event and meter. */
    public String id() {
        return eventId + "/" + meterKind.id();
    }
}
