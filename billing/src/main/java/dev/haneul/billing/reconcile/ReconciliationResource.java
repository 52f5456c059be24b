package dev.haneul.billing.reconcile;

import dev.haneul.billing.reconcile.api.ReconciliationRequest;
import dev.haneul.billing.reconcile.api.ReconciliationView;
import dev.haneul.billing.usage.Periods;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Admin: recompute an account's month from the raw events and compare it with the stored meters. */
@Path("/v1/billing/reconciliations")
@RolesAllowed("admin")
public class ReconciliationResource {
    private final ReconciliationService reconciliation;

    public ReconciliationResource(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @POST
    @WithSession
    public Uni<ReconciliationView> reconcile(@Valid @NotNull ReconciliationRequest request) {
        return reconciliation.reconcile(request.accountId(), Periods.month(request.billingMonth()));
    }
}
