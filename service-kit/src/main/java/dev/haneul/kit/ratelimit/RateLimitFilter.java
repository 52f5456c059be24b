package dev.haneul.kit.ratelimit;

import dev.haneul.kit.error.ApiException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link RateLimiter} to every request of an authenticated account before the resource method runs;
 * an empty bucket answers 429 {@code RequestLimitExceeded} with {@code Retry-After}. Anonymous requests (the
 * token endpoint, health) are not counted here: they carry no account, and authentication rejects the rest.
 */
public class RateLimitFilter {
    private final RateLimiter limiter;
    private final CurrentIdentityAssociation identity;

    public RateLimitFilter(RateLimiter limiter, CurrentIdentityAssociation identity) {
        this.limiter = limiter;
        this.identity = identity;
    }

    @ServerRequestFilter
    public Uni<Void> limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!limiter.enabled() || !path.startsWith("/v1/")) {
            return Uni.createFrom().voidItem();
        }
        return identity.getDeferredIdentity()
                .onFailure().recoverWithNull()      // a bad token: authentication answers 401 afterwards
                .chain(id -> {
                    String account = accountOf(id);
                    if (account == null) {
                        return Uni.createFrom().voidItem();
                    }
                    ActionClass actionClass = ActionClass.of(request.getMethod(), path);
                    return limiter.take(account, actionClass).map(d -> {
                        if (!d.allowed()) {
                            long seconds = d.retryAfterSeconds();
                            throw new ApiException(429, "RequestLimitExceeded", "Request limit exceeded: the "
                                    + actionClass.name().toLowerCase() + " calls of this account are throttled. "
                                    + "Retry after " + seconds + " s.", seconds);
                        }
                        return null;
                    });
                });
    }

    private static String accountOf(SecurityIdentity id) {
        if (id == null || id.isAnonymous()) {
            return null;
        }
        return id.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject() : id.getPrincipal().getName();
    }
}
