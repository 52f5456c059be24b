package dev.haneul.billing.pricing;

import java.util.Arrays;
import java.util.Optional;

/** What a unit price is per: one unit for an hour, or one unit for a 30-day month (EC2's GB-month). */
public enum PriceUnit {
    HOUR("hour", 3_600L),
    GB_MONTH("gb-month", 2_592_000L);

    private final String id;
    private final long seconds;

    PriceUnit(String id, long seconds) {
        this.id = id;
        this.seconds = seconds;
    }

    public String id() {
        return id;
    }

    /** The seconds one unit price pays for. */
    public long seconds() {
        return seconds;
    }

    public static Optional<PriceUnit> byId(String id) {
        return Arrays.stream(values()).filter(u -> u.id.equals(id)).findFirst();
    }
}
