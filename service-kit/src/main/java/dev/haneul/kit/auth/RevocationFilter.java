package dev.haneul.kit.auth;

import dev.haneul.kit.error.ApiException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, in every service, a bearer token whose access key was revoked after it was issued ({@link Revocations}):
 * 401 {@code AuthFailure}, before the resource method runs. A token names its key in the {@value #KEY_CLAIM}
 * claim; one without it (none is issued so) is not affected.
 */
public class RevocationFilter {
    /** The claim naming the access key a token was issued for (compute-api's AccountService sets it). */
    public static final String KEY_CLAIM = "accessKeyId";

    private final CurrentIdentityAssociation identity;
    private final Revocations revocations;

    public RevocationFilter(CurrentIdentityAssociation identity, Revocations revocations) {
        this.identity = identity;
        this.revocations = revocations;
    }

    @ServerRequestFilter
    public Uni<Void> refuseRevoked(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1/")) {
            return Uni.createFrom().voidItem();
        }
        return identity.getDeferredIdentity()
                .onFailure().recoverWithNull()      // a bad token: authentication answers 401 afterwards
                .map(id -> {
                    if (id != null && !id.isAnonymous() && id.getPrincipal() instanceof JsonWebToken jwt) {
                        Object key = jwt.getClaim(KEY_CLAIM);
                        Instant issued = jwt.getIssuedAtTime() > 0 ? Instant.ofEpochSecond(jwt.getIssuedAtTime()) : null;
                        if (key != null && revocations.revoked(key.toString(), issued)) {
                            throw new ApiException(401, "AuthFailure", "The token's access key was deactivated or "
                                    + "deleted after the token was issued; get a new token with an active key.");
                        }
                    }
                    return null;
                });
    }
}
