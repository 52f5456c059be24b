package dev.haneul.billing.reconcile;

import dev.haneul.billing.invoice.Invoice;
import dev.haneul.billing.metering.MeteringService;
import dev.haneul.billing.money.Money;
import dev.haneul.billing.pricing.PriceCatalog;
import dev.haneul.billing.reconcile.api.ReconciliationView;
import dev.haneul.billing.usage.GroupBy;
import dev.haneul.billing.usage.Periods;
import dev.haneul.billing.usage.UsageReport;
import dev.haneul.billing.usage.UsageTotals;
import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Recomputes an account's month from the raw billable events (intervals rebuilt in Java, priced interval by
 * interval) and compares it with the stored meters as the invoices see them (aggregated by the database), and
 * with the invoice once issued. Two independent computations: any difference is a bug or a late event.
 */
@ApplicationScoped
public class ReconciliationService {
    private final MeteringService metering;
    private final PriceCatalog prices;
    private final Clock clock;

    public ReconciliationService(MeteringService metering, PriceCatalog prices, Clock clock) {
        this.metering = metering;
        this.prices = prices;
        this.clock = clock;
    }

    /** Must run inside a session. */
    public Uni<ReconciliationView> reconcile(String accountId, YearMonth month) {
        Instant from = Periods.start(month);
        Instant to = Periods.end(month);
        Instant now = clock.instant();
        return prices.book().chain(book -> UsageTotals.report(accountId, from, to, now, book)
                .chain(stored -> metering.recomputedIntervals(accountId).chain(raw -> Invoice.<Invoice>find(
                        "accountId = ?1 and billingMonth = ?2", accountId, month.toString()).firstResult()
                        .map(invoice -> compare(accountId, month, stored,
                                UsageReport.of(raw, from, to, now, book, GroupBy.RESOURCE), invoice)))));
    }

    static ReconciliationView compare(String accountId, YearMonth month, UsageReport stored, UsageReport raw,
            Invoice invoice) {
        Map<List<Object>, UsageReport.Line[]> byKey = new LinkedHashMap<>();
        stored.lines().forEach(l -> byKey.computeIfAbsent(key(l), k -> new UsageReport.Line[2])[0] = l);
        raw.lines().forEach(l -> byKey.computeIfAbsent(key(l), k -> new UsageReport.Line[2])[1] = l);
        List<ReconciliationView.Difference> differences = new ArrayList<>();
        byKey.forEach((key, pair) -> {
            long sb = pair[0] == null ? 0 : pair[0].billedMillis();
            long rb = pair[1] == null ? 0 : pair[1].billedMillis();
            BigDecimal sa = pair[0] == null ? BigDecimal.ZERO : pair[0].amount();
            BigDecimal ra = pair[1] == null ? BigDecimal.ZERO : pair[1].amount();
            BigDecimal sq = pair[0] == null ? BigDecimal.ZERO : pair[0].quantitySeconds();
            BigDecimal rq = pair[1] == null ? BigDecimal.ZERO : pair[1].quantitySeconds();
            if (sb != rb || sa.compareTo(ra) != 0 || sq.compareTo(rq) != 0) {
                differences.add(new ReconciliationView.Difference((String) key.get(0), (String) key.get(1),
                        Money.seconds(sb), Money.seconds(rb), sq, rq, Money.micros(sa).toPlainString(),
                        Money.micros(ra).toPlainString()));
            }
        });
        boolean invoiceAgrees = invoice == null || invoice.totalUsd.compareTo(raw.total()) == 0;
        return new ReconciliationView(accountId, month.toString(), differences.isEmpty() && invoiceAgrees,
                stored.total().toPlainString(), raw.total().toPlainString(),
                invoice == null ? null : invoice.totalUsd.toPlainString(), differences);
    }

    private static List<Object> key(UsageReport.Line l) {
        return List.of(Objects.requireNonNull(l.resourceId()), l.meterKind().id());
    }
}
