package dev.haneul.billing.invoice;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** One line of an invoice: one resource and meter over the month. */
@Entity
@Table(name = "invoice_line")
public class InvoiceLine extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "invoice_id")
    public String invoiceId;
    @Column(name = "line_no")
    public int lineNo;
    @Column(name = "resource_id")
    public String resourceId;
    @Column(name = "meter_kind")
    public String meterKind;
    @Column(name = "price_key")
    public String priceKey;
    public String unit;
    @Column(name = "quantity_seconds")
    public BigDecimal quantitySeconds;
    @Column(name = "usage_seconds")
    public BigDecimal usageSeconds;
    @Column(name = "billed_seconds")
    public BigDecimal billedSeconds;
    @Column(name = "amount_usd")
    public BigDecimal amountUsd;
    @Column(name = "amount_rounded_usd")
    public BigDecimal amountRoundedUsd;
}
