package dev.haneul.compute.account;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Verifies an AWS Signature V4 for the EC2 API service, which parses the signed request and builds the string to
 * sign itself ({@link AccountService#verifySignature}); anonymous like the token endpoint, every refusal a 401
 * {@code AuthFailure}, a malformed field a 400 {@code InvalidParameterValue} naming it.
 */
@Path("/v1/auth/sigv4")
@PermitAll
public class SigV4Resource {
    private final AccountService accounts;

    public SigV4Resource(AccountService accounts) {
        this.accounts = accounts;
    }

    @POST
    @Operation(summary = "Verify an AWS Signature V4 and get a bearer token and the scope's signing key")
    public Uni<SigV4.Verified> verify(@Valid @NotNull SigV4.Request request) {
        return accounts.verifySignature(request);
    }
}
