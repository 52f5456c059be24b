package dev.haneul.kit.auth;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The {@code read-only} role (a token issued for a read-only access key) may describe everything its account
 * owns and change nothing: any request other than GET/HEAD answers 403 {@code UnauthorizedOperation} in every
 * service, before the resource method runs ({@code /v1/auth/}, where a token is refreshed, excepted).
 */
public class ReadOnlyFilter {
    private final CurrentIdentityAssociation identity;

    public ReadOnlyFilter(CurrentIdentityAssociation identity) {
        this.identity = identity;
    }

    @ServerRequestFilter
    public Uni<Void> refuseWrites(ContainerRequestContext request) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)
                || !request.getUriInfo().getPath().startsWith("/v1/")
                || request.getUriInfo().getPath().startsWith("/v1/auth/")) {   // a token may always be refreshed
            return Uni.createFrom().voidItem();
        }
        return identity.getDeferredIdentity()
                .onFailure().recoverWithNull()      // a bad token: authentication answers 401 afterwards
                .map(id -> {
                    if (id != null && !id.isAnonymous() && id.hasRole(Caller.READ_ONLY) && !id.hasRole(Caller.ADMIN)) {
                        throw new ForbiddenException("read-only credentials");
                    }
                    return null;
                });
    }
}
