package dev.haneul.billing.cost;

import dev.haneul.billing.cost.api.CostView;
import dev.haneul.billing.money.Money;
import dev.haneul.billing.usage.Periods;
import dev.haneul.billing.usage.UsageService;
import dev.haneul.kit.auth.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;

/** The caller's cost this UTC month to date and its forecast to the month's end. */
@Path("/v1/billing/cost")
@Authenticated
public class CostResource {
    private final UsageService usage;
    private final Caller caller;
    private final Clock clock;

    public CostResource(UsageService usage, Caller caller, Clock clock) {
        this.usage = usage;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @WithSession
    public Uni<CostView> get() {
        String account = caller.accountId();
        Instant now = clock.instant();
        YearMonth month = Periods.monthOf(now);
        Instant start = Periods.start(month);
        Instant end = Periods.end(month);
        return usage.totals(account, start, now, now)
                .chain(mtd -> usage.totals(account, start, end, end)
                        .map(forecast -> new CostView(month.toString(), start, end, now,
                                mtd.total().toPlainString(), Money.cents(mtd.total()).toPlainString(),
                                forecast.total().toPlainString(), Money.cents(forecast.total()).toPlainString())));
    }
}
