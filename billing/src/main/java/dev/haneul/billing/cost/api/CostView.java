package dev.haneul.billing.cost.api;

import java.time.Instant;

/**
 * The month so far and a forecast to its end: what is running now keeps running at today's (and any
 * already scheduled) prices until the month closes.
 */
public record CostView(String billingMonth, Instant periodStart, Instant periodEnd, Instant asOf,
        String monthToDateUsd, String monthToDateRoundedUsd, String forecastUsd, String forecastRoundedUsd) {
}
