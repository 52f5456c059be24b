package dev.haneul.billing.pricing;

import dev.haneul.billing.metering.MeterKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** One row of the price catalogue: a unit price for a key, in force from {@code effectiveFrom}. */
@Entity
@Table(name = "price")
public class Price extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "price_key")
    public String priceKey;
    @Column(name = "meter_kind")
    public String meterKind;
    public String unit;
    @Column(name = "unit_price")
    public BigDecimal unitPrice;
    @Column(name = "effective_from")
    public Instant effectiveFrom;
    @Column(name = "created_at")
    public Instant createdAt;

    public static String idOf(MeterKind kind, String priceKey, Instant effectiveFrom) {
        return kind.id() + "/" + priceKey + "/" + effectiveFrom.toEpochMilli();
    }

    public PriceBook.Point toPoint() {
        return new PriceBook.Point(MeterKind.byId(meterKind).orElseThrow(), priceKey,
                PriceUnit.byId(unit).orElseThrow(), unitPrice, effectiveFrom);
    }
}
