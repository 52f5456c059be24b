package dev.haneul.billing.pricing.api;

import dev.haneul.billing.pricing.PriceBook;
import java.time.Instant;

/** A catalogue entry; {@code inForce} marks the price that applies now (later entries are scheduled). */
public record PriceView(String meterKind, String priceKey, String unit, String unitPrice, Instant effectiveFrom,
        boolean inForce) {

    public static PriceView of(PriceBook.Point p, boolean inForce) {
        return new PriceView(p.meterKind().id(), p.priceKey(), p.unit().id(), p.unitPrice().stripTrailingZeros()
                .toPlainString(), p.effectiveFrom(), inForce);
    }
}
