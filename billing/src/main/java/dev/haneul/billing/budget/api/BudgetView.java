package dev.haneul.billing.budget.api;

import java.time.Instant;
import java.util.List;

/** A budget with this month's actual and forecast cost and which thresholds were crossed this month. */
public record BudgetView(String budgetId, String budgetName, String amountUsd, String billingMonth,
        String actualUsd, String forecastUsd, List<ThresholdView> thresholds) {

    /** A threshold and, when crossed this month, when. */
    public record ThresholdView(int percent, String thresholdType, boolean crossed, Instant crossedAt) {
    }
}
