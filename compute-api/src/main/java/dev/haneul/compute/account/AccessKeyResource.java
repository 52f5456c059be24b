package dev.haneul.compute.account;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * The caller's own access keys (IAM's CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey): at
 * most two active, the secret answered once and stored only as a slow hash.
 */
@Path("/v1/access-keys")
@Authenticated
public class AccessKeyResource {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);

    private final AccountService accounts;
    private final Caller caller;

    public AccessKeyResource(AccountService accounts, Caller caller) {
        this.accounts = accounts;
        this.caller = caller;
    }

    public record CreateAccessKeyRequest(Boolean readOnly) {
    }

    public record UpdateAccessKeyRequest(@NotNull @Pattern(regexp = "Active|Inactive") String status) {
    }

    /** The body is optional ({@code {"readOnly": true}} for a read-only key), as IAM's CreateAccessKey has none. */
    @POST
    @ResponseStatus(201)
    @Consumes(MediaType.WILDCARD)
    public Uni<AccountService.NewKey> create(String body) {
        CreateAccessKeyRequest request;
        try {
            request = body == null || body.isBlank() ? null : JSON.readValue(body, CreateAccessKeyRequest.class);
        } catch (IOException e) {
            throw ApiException.invalidParameter("The body must be {\"readOnly\": true|false} or empty.");
        }
        return accounts.createKey(caller.accountId(), request != null && Boolean.TRUE.equals(request.readOnly()));
    }

    @GET
    public Uni<Map<String, List<AccountService.KeyView>>> list() {
        return accounts.keys(caller.accountId()).map(keys -> Map.of("accessKeys", keys));
    }

    @PATCH
    @Path("/{accessKeyId}")
    public Uni<AccountService.KeyView> update(@PathParam("accessKeyId") String accessKeyId,
            @Valid @NotNull UpdateAccessKeyRequest request) {
        return accounts.setStatus(caller.accountId(), accessKeyId, request.status());
    }

    @DELETE
    @Path("/{accessKeyId}")
    public Uni<Map<String, Object>> delete(@PathParam("accessKeyId") String accessKeyId) {
        return accounts.deleteKey(caller.accountId(), accessKeyId)
                .replaceWith(Map.of("return", true, "accessKeyId", accessKeyId));
    }
}
