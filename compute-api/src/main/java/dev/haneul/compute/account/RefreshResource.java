package dev.haneul.compute.account;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A still valid bearer token buys a new one (same account, roles from the key and the account as they are
 * now), as long as the access key it was issued for is still active. An expired or forged token is 401.
 */
@Path("/v1/auth/refresh")
@Authenticated
public class RefreshResource {
    private final AccountService accounts;
    private final JsonWebToken jwt;

    public RefreshResource(AccountService accounts, JsonWebToken jwt) {
        this.accounts = accounts;
        this.jwt = jwt;
    }

    @POST
    @Operation(summary = "Exchange a valid bearer token for a new one")
    public Uni<AccountService.Token> refresh() {
        Object key = jwt.getClaim(AccountService.KEY_CLAIM);
        return accounts.refresh(jwt.getSubject(), key == null ? null : key.toString());
    }
}
