package dev.haneul.billing.invoice.api;

import dev.haneul.billing.invoice.Invoice;
import dev.haneul.billing.invoice.InvoiceLine;
import dev.haneul.billing.money.Money;
import dev.haneul.billing.usage.Periods;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/** A closed month's invoice: one line per resource and meter, amounts with 6 decimals and in cents. */
public record InvoiceView(String invoiceId, String billingMonth, Instant periodStart, Instant periodEnd,
        Instant issuedAt, String status, List<Line> lines, String totalUsd, String totalRoundedUsd) {

    /**
     * One invoice line: a resource and meter over the month; {@code usageSeconds} it ran or existed,
     * {@code billedSeconds} with the per-start minimum, {@code quantitySeconds} in {@code unit}-seconds.
     */
    public record Line(String resourceId, String meterKind, String priceKey, String unit, BigDecimal usageSeconds,
            BigDecimal billedSeconds, BigDecimal quantitySeconds, String amountUsd, String amountRoundedUsd) {
    }

    public static InvoiceView of(Invoice i, List<InvoiceLine> lines) {
        YearMonth month = YearMonth.parse(i.billingMonth);
        return new InvoiceView(i.id, i.billingMonth, Periods.start(month), Periods.end(month), i.issuedAt, "closed",
                lines.stream().map(l -> new Line(l.resourceId, l.meterKind, l.priceKey, l.unit,
                        Money.seconds(l.usageSeconds), Money.seconds(l.billedSeconds), Money.seconds(l.quantitySeconds),
                        l.amountUsd.toPlainString(), l.amountRoundedUsd.toPlainString())).toList(),
                i.totalUsd.toPlainString(), i.totalRoundedUsd.toPlainString());
    }
}
