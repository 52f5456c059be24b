package dev.haneul.billing.usage;

import dev.haneul.billing.metering.MeteringService;
import dev.haneul.billing.pricing.PriceCatalog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Usage reports of an account from its stored meters and the price catalogue; must run inside a session. */
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
}
