package dev.haneul.billing.usage;

import dev.haneul.billing.usage.api.UsageView;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The caller's metered usage and its cost over a window (default: this UTC month up to now). */
@Path("/v1/billing/usage")
@Authenticated
public class UsageResource {
    static final Duration MAX_WINDOW = Duration.ofDays(400);

    private final UsageService usage;
    private final Caller caller;
    private final Clock clock;

    public UsageResource(UsageService usage, Caller caller, Clock clock) {
        this.usage = usage;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @WithSession
    public Uni<UsageView> get(@QueryParam("from") String fromParam, @QueryParam("to") String toParam,
            @QueryParam("groupBy") String groupByParam, @QueryParam("limit") Integer limit,
            @QueryParam("nextToken") String nextToken) {
        PageRequest paging = PageRequest.of(limit, nextToken, PageRequest.MAX, key -> key.size() == 1);
        String account = caller.accountId();
        Instant now = clock.instant();
        Instant from = Periods.instant("from", fromParam, Periods.start(Periods.monthOf(now)));
        Instant to = Periods.instant("to", toParam, now);
        GroupBy groupBy = GroupBy.parse(groupByParam);
        if (!from.isBefore(to)) {
            throw ApiException.invalidParameter("from must be before to.");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.invalidParameter("The window from..to must not exceed 400 days.");
        }
        return usage.report(account, from, to, now, groupBy).map(r -> UsageView.of(r, paging));
    }
}
