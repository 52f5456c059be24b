package dev.haneul.compute.account;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Exchanges an access key for a bearer token (a JWT every service verifies with the public key), throttled per
 * source address and per key id ({@link TokenThrottle}) before the secret is checked ({@link SecretChecks}).
 */
@Path("/v1/auth/token")
@PermitAll
public class AuthResource {
    private final AccountService accounts;
    private final TokenThrottle throttle;

    public AuthResource(AccountService accounts, TokenThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    public record TokenRequest(@NotBlank String accessKeyId, @NotBlank String secretAccessKey) {
    }

    @POST
    @Operation(summary = "Get a bearer token for an access key")
    public Uni<AccountService.Token> token(@Valid @NotNull TokenRequest request, @Context HttpServerRequest http) {
        String source = throttle.source(http.remoteAddress() == null ? null : http.remoteAddress().hostAddress(),
                http.getHeader("X-Real-IP"));
        return throttle.check(source, request.accessKeyId())
                .chain(() -> accounts.token(request.accessKeyId(), request.secretAccessKey()));
    }
}
