package dev.haneul.billing.pricing.api;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A price change: {@code unitPrice} USD per unit (per hour for instances and IPv4, per GB-month for storage)
 * for {@code priceKey} of {@code meterKind} (default {@code instance-running}), from {@code effectiveFrom}
 * (default now; never in the past).
 */
public record PutPriceRequest(String meterKind, @NotBlank @Size(max = 64) String priceKey,
        @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 10) BigDecimal unitPrice, Instant effectiveFrom) {
}
