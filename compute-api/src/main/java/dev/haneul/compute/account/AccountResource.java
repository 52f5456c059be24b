package dev.haneul.compute.account;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Admins create accounts; the answer carries the first access key and its secret, shown this once. An
 * account's quotas are quota's ({@code QuotaResource}, under {@code /v1/accounts/{id}/quotas}).
 */
@Path("/v1/accounts")
@RolesAllowed("admin")
public class AccountResource {
    private final AccountService accounts;

    public AccountResource(AccountService accounts) {
        this.accounts = accounts;
    }

    public record CreateAccountRequest(@NotNull @Pattern(regexp = "[A-Za-z0-9 ._-]{1,128}") String name,
            Boolean admin) {
    }

    @POST
    @ResponseStatus(201)
    public Uni<AccountService.NewAccount> create(@Valid @NotNull CreateAccountRequest request) {
        return accounts.create(request.name(), Boolean.TRUE.equals(request.admin()));
    }
}
