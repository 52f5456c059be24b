package dev.haneul.billing.usage.api;

import java.math.BigDecimal;
import java.time.Instant;

/** One metered interval at one rate ({@code quantity} of the line's unit); {@code end} is absent while open. */
public record IntervalView(Instant start, Instant end, BigDecimal quantity) {
}
