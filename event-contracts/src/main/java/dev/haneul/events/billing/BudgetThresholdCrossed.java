package dev.haneul.events.billing;

import dev.haneul.events.EventType;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.Topics;
import java.time.Instant;

/**
 * A budget's threshold was crossed for a month (emitted once per threshold and month), on
 * {@code billing-events} keyed by the budget id.
 */
@EventType(value = "haneul.billing.budget-threshold-crossed.v1", topic = Topics.BILLING_EVENTS)
public record BudgetThresholdCrossed(String accountId, String budgetId, String budgetName, String billingMonth,
        int percent, String thresholdType, String budgetAmountUsd, String actualUsd, String forecastUsd, Instant at)
        implements HaneulEvent {

    @Override
    public String subject() {
        return budgetId;
    }
}
