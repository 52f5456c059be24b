package dev.haneul.billing.usage;

import dev.haneul.billing.metering.MeteringService;
import dev.haneul.billing.pricing.PriceCatalog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Usage reports of an account from its stored meters and the price catalogue; must run inside a session.
 * {@link #report} works interval by interval (the usage API: intervals, grouping by type or day);
 * {@link #totals} lets the database aggregate (invoices, cost, forecast, budgets: fast for any number of
 * intervals). Both give the same lines and amounts.
 */
@ApplicationScoped
public class UsageService {
    private final MeteringService metering;
    private final PriceCatalog prices;

    public UsageService(MeteringService metering, PriceCatalog prices) {
        this.metering = metering;
        this.prices = prices;
    }

    /** Usage over [from, to) with open intervals counted up to {@code now}. */
    public Uni<UsageReport> report(String accountId, Instant from, Instant to, Instant now, GroupBy groupBy) {
        return prices.book().chain(book -> metering.intervals(accountId, from, to)
                .map(intervals -> UsageReport.of(intervals, from, to, now, book, groupBy)));
    }

    /** Usage per resource and meter over [from, to), open intervals counted up to {@code now}, summed in SQL. */
    public Uni<UsageReport> totals(String accountId, Instant from, Instant to, Instant now) {
        return prices.book().chain(book -> UsageTotals.report(accountId, from, to, now, book));
    }
}
