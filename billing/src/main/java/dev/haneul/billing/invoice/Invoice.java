package dev.haneul.billing.invoice;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** An account's invoice for one closed UTC month; written once, never updated. */
@Entity
@Table(name = "invoice")
public class Invoice extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "billing_month")
    public String billingMonth;
    @Column(name = "total_usd")
    public BigDecimal totalUsd;
    @Column(name = "total_rounded_usd")
    public BigDecimal totalRoundedUsd;
    @Column(name = "issued_at")
    public Instant issuedAt;
}
