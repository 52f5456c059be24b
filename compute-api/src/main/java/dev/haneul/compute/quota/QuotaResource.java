package dev.haneul.compute.quota;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Map;

/** Admins read and set an account's quota overrides ({@link AccountQuotas}). */
@Path("/v1/accounts/{accountId}/quotas")
@RolesAllowed("admin")
public class QuotaResource {
    private final AccountQuotas quotas;

    public QuotaResource(AccountQuotas quotas) {
        this.quotas = quotas;
    }

    /** Every quota key's effective value: the defaults merged with the account's overrides. */
    @GET
    public Uni<Map<String, Long>> quotas(@PathParam("accountId") String accountId) {
        return quotas.effective(accountId);
    }

    /**
     * Sets overrides (known keys, non-negative integers; {@code null} removes one), merged with the account's
     * other overrides; publishes {@code AccountQuotasChanged}; answers the effective values.
     */
    @PUT
    public Uni<Map<String, Long>> setQuotas(@PathParam("accountId") String accountId, Map<String, Object> overrides) {
        return quotas.put(accountId, overrides);
    }
}
