package dev.haneul.compute.account;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Exchanges an access key for a bearer token (a JWT every service verifies with the public key). */
@Path("/v1/auth/token")
@PermitAll
public class AuthResource {
    private final AccountService accounts;

    public AuthResource(AccountService accounts) {
        this.accounts = accounts;
    }

    public record TokenRequest(@NotBlank String accessKeyId, @NotBlank String secretAccessKey) {
    }

    @POST
    @Operation(summary = "Get a bearer token for an access key")
    public Uni<AccountService.Token> token(@Valid @NotNull TokenRequest request) {
        return accounts.token(request.accessKeyId(), request.secretAccessKey());
    }
}
