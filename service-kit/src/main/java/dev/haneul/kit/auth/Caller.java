package dev.haneul.kit.auth;

import dev.haneul.kit.error.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: the account of the verified bearer token ({@code sub}) and its roles ({@code groups}).
 * Every read and write of a resource is scoped to {@link #accountId()}.
 */
@RequestScoped
public class Caller {
    public static final String ADMIN = "admin";
    public static final String READ_ONLY = "read-only";

    private final JsonWebToken jwt;

    @Inject
    public Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public String accountId() {
        String sub = jwt.getSubject();
        if (sub == null) {
            throw new ApiException(401, "AuthFailure", "A valid bearer token is required.");
        }
        return sub;
    }

    public boolean isAdmin() {
        return jwt.getGroups() != null && jwt.getGroups().contains(ADMIN);
    }

    /** The raw token, to forward on a synchronous read from another service on the caller's behalf. */
    public String bearerToken() {
        return jwt.getRawToken();
    }
}
