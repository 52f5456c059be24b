package dev.haneul.billing.usage.api;

import java.time.Instant;

/** One running interval; {@code end} is absent while it is still open. */
public record IntervalView(Instant start, Instant end) {
}
