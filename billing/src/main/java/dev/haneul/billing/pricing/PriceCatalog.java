package dev.haneul.billing.pricing;

import dev.haneul.billing.metering.MeterKind;
import dev.haneul.kit.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;

/** Reads the price catalogue and adds price changes, which only ever take effect now or later. */
@ApplicationScoped
public class PriceCatalog {
    private final Clock clock;

    public PriceCatalog(Clock clock) {
        this.clock = clock;
    }

    /** The whole catalogue; must run inside a session. */
    public Uni<PriceBook> book() {
        return Price.<Price>listAll().map(rows -> new PriceBook(rows.stream().map(Price::toPoint).toList()));
    }

    /** Schedules {@code unitPrice} for the key from {@code effectiveFrom} (default now); must run in a transaction. */
    public Uni<Price> change(MeterKind kind, String priceKey, BigDecimal unitPrice, Instant effectiveFrom) {
        Instant now = clock.instant();
        Instant from = effectiveFrom == null ? now : effectiveFrom;
        if (from.isBefore(now)) {
            throw ApiException.invalidParameter("effectiveFrom must not be in the past: prices never rewrite it.");
        }
        String id = Price.idOf(kind, priceKey, from);
        return Price.<Price>findById(id).chain(existing -> {
            Price p = existing != null ? existing : new Price();
            p.id = id;
            p.meterKind = kind.id();
            p.priceKey = priceKey;
            p.unit = unitOf(kind).id();
            p.unitPrice = unitPrice;
            p.effectiveFrom = from;
            p.createdAt = now;
            return p.<Price>persist();
        });
    }

    /** Instance running time and public IPv4 are priced per hour; storage, IOPS and throughput per GB-month. */
    static PriceUnit unitOf(MeterKind kind) {
        return kind == MeterKind.INSTANCE_RUNNING || kind == MeterKind.PUBLIC_IPV4 ? PriceUnit.HOUR : PriceUnit.GB_MONTH;
    }
}
