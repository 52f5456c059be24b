package dev.haneul.compute.keypair;

import dev.haneul.kit.auth.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Key pairs over HTTP: create (the private key is answered once), import a public key, describe, delete. */
@Path("/v1/key-pairs")
@Authenticated
public class KeyPairResource {
    private final Caller caller;
    private final KeyPairs keyPairs;

    public KeyPairResource(Caller caller, KeyPairs keyPairs) {
        this.caller = caller;
        this.keyPairs = keyPairs;
    }

    public record CreateKeyPairRequest(@NotBlank @Size(max = 255) @Pattern(regexp = "\\p{ASCII}+") String keyName,
            @Pattern(regexp = "rsa|ed25519") String keyType) {
    }

    public record ImportKeyPairRequest(@NotBlank @Size(max = 255) @Pattern(regexp = "\\p{ASCII}+") String keyName,
            @NotBlank @Size(max = 16384) String publicKeyMaterial) {
    }

    public record KeyPairView(String keyPairId, String keyName, String keyType, String keyFingerprint,
            String publicKey, Instant createTime, String keyMaterial) {
        static KeyPairView of(KeyPair k, String keyMaterial) {
            return new KeyPairView(k.keyPairId, k.keyName, k.keyType, k.keyFingerprint, k.publicKey, k.createdAt,
                    keyMaterial);
        }
    }

    @POST
    @ResponseStatus(201)
    public Uni<KeyPairView> create(@Valid @NotNull CreateKeyPairRequest r) {
        return keyPairs.create(caller.accountId(), r.keyName(), r.keyType() == null ? "rsa" : r.keyType())
                .map(created -> KeyPairView.of(created.keyPair(), created.privateKeyPem()));
    }

    @POST
    @Path("/import")
    @ResponseStatus(201)
    public Uni<KeyPairView> importKey(@Valid @NotNull ImportKeyPairRequest r) {
        return keyPairs.importKey(caller.accountId(), r.keyName(), r.publicKeyMaterial())
                .map(k -> KeyPairView.of(k, null));
    }

    @GET
    @WithSession
    public Uni<Map<String, List<KeyPairView>>> list(@QueryParam("keyName") List<String> names) {
        return keyPairs.list(caller.accountId(), names)
                .map(list -> Map.of("keyPairs", list.stream().map(k -> KeyPairView.of(k, null)).toList()));
    }

    @GET
    @Path("/{keyName}")
    @WithSession
    public Uni<KeyPairView> get(@PathParam("keyName") String keyName) {
        return keyPairs.get(caller.accountId(), keyName).map(k -> KeyPairView.of(k, null));
    }

    /** Deleting is idempotent, as on EC2: a missing name is not an error. */
    @DELETE
    @Path("/{keyName}")
    public Uni<Map<String, Object>> delete(@PathParam("keyName") String keyName) {
        return keyPairs.delete(caller.accountId(), keyName).map(v -> Map.of("return", true, "keyName", keyName));
    }
}
