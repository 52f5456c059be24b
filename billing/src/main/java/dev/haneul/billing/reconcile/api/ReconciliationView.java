package dev.haneul.billing.reconcile.api;

import java.math.BigDecimal;
import java.util.List;

/**
 * A month recomputed from the raw events next to what the stored meters (and the invoice, once issued)
 * say; {@code matches} is true when every line agrees.
 */
public record ReconciliationView(String accountId, String billingMonth, boolean matches, String storedTotalUsd,
        String recomputedTotalUsd, String invoiceTotalUsd, List<Difference> differences) {

    /** A resource and meter whose stored and recomputed usage differ (seconds, quantity-seconds or amount). */
    public record Difference(String resourceId, String meterKind, BigDecimal storedBilledSeconds,
            BigDecimal recomputedBilledSeconds, BigDecimal storedQuantitySeconds, BigDecimal recomputedQuantitySeconds,
            String storedUsd, String recomputedUsd) {
    }
}
