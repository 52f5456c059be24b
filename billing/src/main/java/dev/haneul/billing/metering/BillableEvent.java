package dev.haneul.billing.metering;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A consumed lifecycle event kept verbatim as a billable fact, one row per event and meter: meters are derived
 * from these rows.
 */
@Entity
@Table(name = "billable_event")
public class BillableEvent extends PanacheEntityBase {
    @Id
    @Column(name = "fact_id")
    public String factId;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "resource_id")
    public String resourceId;
    @Column(name = "event_type")
    public String eventType;
    public String fact;
    @Column(name = "meter_kind")
    public String meterKind;
    @Column(name = "price_key")
    public String priceKey;
    public BigDecimal quantity;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    public int attempt;
    @Column(name = "received_at")
    public Instant receivedAt;

    public static BillableEvent of(Fact f, Instant receivedAt) {
        BillableEvent e = new BillableEvent();
        e.factId = f.id();
        e.eventId = f.eventId();
        e.accountId = f.accountId();
        e.resourceId = f.resourceId();
        e.eventType = f.eventType();
        e.fact = f.kind().name();
        e.meterKind = f.meterKind().id();
        e.priceKey = f.priceKey();
        e.quantity = f.quantity();
        e.occurredAt = f.at();
        e.attempt = f.attempt();
        e.receivedAt = receivedAt;
        return e;
    }

    public Fact toFact() {
        return new Fact(eventId, eventType, accountId, resourceId, MeterKind.byId(meterKind).orElseThrow(),
                Fact.Kind.valueOf(fact), priceKey, quantity, occurredAt, attempt);
    }
}
