package dev.haneul.billing.reconcile.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Which account and UTC month ({@code 2026-11}) to recompute from the raw events. */
public record ReconciliationRequest(@NotNull @Pattern(regexp = "[0-9]{12}") String accountId,
        @NotNull @Pattern(regexp = "[0-9]{4}-[0-9]{2}") String billingMonth) {
}
