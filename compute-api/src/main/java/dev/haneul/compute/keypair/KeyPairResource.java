package dev.haneul.compute.keypair;

import dev.haneul.kit.lock.AccountLock;
import dev.haneul.compute.quota.AccountQuotas;
import dev.haneul.compute.quota.QuotaKeys;
import dev.haneul.compute.tag.TagService;
import dev.haneul.kit.Ids;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.error.DatabaseErrors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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

/** Key pairs: create (the private key is answered once), import a public key, describe, delete. */
@Path("/v1/key-pairs")
@Authenticated
public class KeyPairResource {
    private final Caller caller;
    private final AccountQuotas quotas;

    public KeyPairResource(Caller caller, AccountQuotas quotas) {
        this.caller = caller;
        this.quotas = quotas;
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
        String type = r.keyType() == null ? "rsa" : r.keyType();
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> type.equals("rsa") ? KeyMaterial.createRsa() : KeyMaterial.createEd25519())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .chain(created -> save(r.keyName(), type, created.fingerprint(), created.publicKeyOpenSsh())
                        .map(k -> KeyPairView.of(k, created.privateKeyPem())));
    }

    @POST
    @Path("/import")
    @ResponseStatus(201)
    public Uni<KeyPairView> importKey(@Valid @NotNull ImportKeyPairRequest r) {
        KeyMaterial.Imported imported;
        try {
            imported = KeyMaterial.parsePublic(r.publicKeyMaterial());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("InvalidKeyPair.Format", e.getMessage());
        }
        return save(r.keyName(), imported.keyType(), imported.fingerprint(), imported.publicKeyOpenSsh())
                .map(k -> KeyPairView.of(k, null));
    }

    @GET
    @WithSession
    public Uni<Map<String, List<KeyPairView>>> list(@QueryParam("keyName") List<String> names) {
        Uni<List<KeyPair>> found = names.isEmpty()
                ? KeyPair.list("accountId = ?1 order by keyName", caller.accountId())
                : KeyPair.<KeyPair>list("accountId = ?1 and keyName in ?2 order by keyName", caller.accountId(), names)
                        .map(list -> {
                            for (String n : names) {
                                if (list.stream().noneMatch(k -> k.keyName.equals(n))) {
                                    throw notFound(n);
                                }
                            }
                            return list;
                        });
        return found.map(list -> Map.of("keyPairs", list.stream().map(k -> KeyPairView.of(k, null)).toList()));
    }

    @GET
    @Path("/{keyName}")
    @WithSession
    public Uni<KeyPairView> get(@PathParam("keyName") String keyName) {
        return find(caller.accountId(), keyName).map(k -> {
            if (k == null) {
                throw notFound(keyName);
            }
            return KeyPairView.of(k, null);
        });
    }

    /** Deleting is idempotent, as on EC2: a missing name is not an error. */
    @DELETE
    @Path("/{keyName}")
    public Uni<Map<String, Object>> delete(@PathParam("keyName") String keyName) {
        return Panache.withTransaction(() -> find(caller.accountId(), keyName)
                .chain(k -> k == null ? Uni.createFrom().item(false) : k.delete()
                        .chain(() -> TagService.deleteRows(k.keyPairId)).replaceWith(true)))
                .map(deleted -> Map.of("return", true, "keyName", keyName));
    }

    /** The account's key pair by name or by id, or null. */
    public static Uni<KeyPair> find(String accountId, String nameOrId) {
        return Ids.isWellFormed("key", nameOrId)
                ? KeyPair.<KeyPair>find("accountId = ?1 and (keyPairId = ?2 or keyName = ?2)", accountId, nameOrId)
                        .firstResult()
                : KeyPair.<KeyPair>find("accountId = ?1 and keyName = ?2", accountId, nameOrId).firstResult();
    }

    public static ApiException notFound(String keyName) {
        return ApiException.notFound("InvalidKeyPair.NotFound", "The key pair '" + keyName + "' does not exist");
    }

    private Uni<KeyPair> save(String name, String type, String fingerprint, String publicKey) {
        String account = caller.accountId();
        KeyPair k = new KeyPair();
        k.keyPairId = Ids.newId("key");
        k.accountId = account;
        k.keyName = name;
        k.keyType = type;
        k.keyFingerprint = fingerprint;
        k.publicKey = publicKey;
        k.createdAt = Instant.now();
        // counted under the account's lock, so racing creates never exceed the limit
        return AccountLock.inTransaction(account, () -> quotas.limit(account, QuotaKeys.KEY_PAIRS)
                .chain(limit -> KeyPair.count("accountId", account).chain(n -> {
                    if (n >= limit) {
                        throw ApiException.badRequest("KeyPairLimitExceeded",
                                "Maximum of " + limit + " key pairs has been reached.");
                    }
                    return k.<KeyPair>persist();
                }))).onFailure(DatabaseErrors::isDuplicateKey).transform(e -> ApiException.conflict("InvalidKeyPair.Duplicate",
                "The keypair '" + name + "' already exists."));
    }

}
