package dev.haneul.billing.budget.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/** A monthly budget: its name, amount in USD and thresholds (default 50, 80 and 100 % of actual cost). */
public record CreateBudgetRequest(@NotBlank @Size(max = 128) String budgetName,
        @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 12, fraction = 6) BigDecimal amountUsd,
        @Size(min = 1, max = 10) List<@Valid @NotNull ThresholdRequest> thresholds) {

    /** One threshold: percent of the amount and {@code actual} (default) or {@code forecast}. */
    public record ThresholdRequest(@NotNull Integer percent, String thresholdType) {
    }
}
