package dev.haneul.billing.budget;

import dev.haneul.billing.budget.api.BudgetView;
import dev.haneul.billing.budget.api.CreateBudgetRequest;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The caller's monthly budgets; reading them also checks their thresholds against the current cost. */
@Path("/v1/billing/budgets")
@Authenticated
public class BudgetResource {
    private final BudgetService budgets;
    private final Caller caller;

    public BudgetResource(BudgetService budgets, Caller caller) {
        this.budgets = budgets;
        this.caller = caller;
    }

    @POST
    @WithTransaction
    public Uni<Response> create(@Valid @NotNull CreateBudgetRequest request) {
        return budgets.create(caller.accountId(), request)
                .map(v -> Response.status(Response.Status.CREATED).entity(v).build());
    }

    /** The page of budgets and the token of the next page. */
    public record BudgetsView(List<BudgetView> budgets, String nextToken) {
    }

    @GET
    @WithTransaction
    public Uni<BudgetsView> list(@QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        PageRequest paging = PageRequest.of(limit, nextToken, PageRequest.MAX, key -> key.size() == 1);
        return budgets.list(caller.accountId(), paging).map(page -> new BudgetsView(page.items(), page.nextToken()));
    }

    @GET
    @Path("/{budgetId}")
    @WithTransaction
    public Uni<BudgetView> get(@PathParam("budgetId") String budgetId) {
        return budgets.get(caller.accountId(), budgetId);
    }

    @DELETE
    @Path("/{budgetId}")
    @WithTransaction
    public Uni<Void> delete(@PathParam("budgetId") String budgetId) {
        return budgets.delete(caller.accountId(), budgetId);
    }
}
