package dev.haneul.billing.metering;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A stored interval of any metered resource (instance running time today; volumes, snapshots and public IPs
 * slot in with their own meter kind, unit, quantity and price key).
 */
@Entity
@Table(name = "meter")
public class Meter extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "resource_id")
    public String resourceId;
    @Column(name = "meter_kind")
    public String meterKind;
    public String unit;
    public BigDecimal quantity;
    @Column(name = "price_key")
    public String priceKey;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "minimum_seconds")
    public int minimumSeconds;

    public static Meter of(Interval iv) {
        Meter m = new Meter();
        m.id = iv.id();
        m.accountId = iv.accountId();
        m.resourceId = iv.resourceId();
        m.meterKind = iv.meterKind().id();
        m.unit = iv.meterKind().unit();
        m.quantity = iv.quantity();
        m.priceKey = iv.priceKey();
        m.startedAt = iv.start();
        m.endedAt = iv.end();
        m.minimumSeconds = iv.meterKind().minimumSeconds();
        return m;
    }

    public Interval toInterval() {
        int attempt = Integer.parseInt(id.substring(id.lastIndexOf(':') + 1));
        return new Interval(accountId, resourceId, MeterKind.byId(meterKind).orElseThrow(), priceKey, quantity,
                startedAt, endedAt, attempt);
    }
}
