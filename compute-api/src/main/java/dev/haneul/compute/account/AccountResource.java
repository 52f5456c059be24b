package dev.haneul.compute.account;

import dev.haneul.compute.quota.AccountQuotas;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import java.util.Map;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Admins create accounts; the answer carries the first access key and its secret, shown this once. */
@Path("/v1/accounts")
@RolesAllowed("admin")
public class AccountResource {
    private final AccountService accounts;
    private final AccountQuotas quotas;

    public AccountResource(AccountService accounts, AccountQuotas quotas) {
        this.accounts = accounts;
        this.quotas = quotas;
    }

    public record CreateAccountRequest(@NotNull @Pattern(regexp = "[A-Za-z0-9 ._-]{1,128}") String name,
            Boolean admin) {
    }

    @POST
    @ResponseStatus(201)
    public Uni<AccountService.NewAccount> create(@Valid @NotNull CreateAccountRequest request) {
        return accounts.create(request.name(), Boolean.TRUE.equals(request.admin()));
    }

    /** Every quota key's effective value: the defaults merged with the account's overrides. */
    @GET
    @Path("/{accountId}/quotas")
    public Uni<Map<String, Long>> quotas(@PathParam("accountId") String accountId) {
        return quotas.effective(accountId);
    }

    /**
     * Sets overrides (known keys, non-negative integers; {@code null} removes one), merged with the account's
     * other overrides; publishes {@code AccountQuotasChanged}; answers the effective values.
     */
    @PUT
    @Path("/{accountId}/quotas")
    public Uni<Map<String, Long>> setQuotas(@PathParam("accountId") String accountId, Map<String, Object> overrides) {
        return quotas.put(accountId, overrides);
    }
}
