package dev.haneul.compute.keypair;

import dev.haneul.compute.quota.AccountQuotas;
import dev.haneul.compute.quota.QuotaKeys;
import dev.haneul.compute.tag.TagService;
import dev.haneul.compute.tag.TaggableResource;
import dev.haneul.kit.CallerContext;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.error.DatabaseErrors;
import dev.haneul.kit.lock.AccountLock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * An account's key pairs: created (the key made on a worker thread, its private half answered once) or
 * imported, counted against the {@code keyPairs} quota under the account's lock; found by name or id (the
 * lookup a launch uses); listed; deleted with their tags. Also says whether {@code /v1/tags} may tag one.
 */
@ApplicationScoped
public class KeyPairs implements TaggableResource {
    private final AccountQuotas quotas;

    public KeyPairs(AccountQuotas quotas) {
        this.quotas = quotas;
    }

    /** A created key pair with the private key, which is never stored. */
    public record Created(KeyPair keyPair, String privateKeyPem) {
    }

    /** CreateKeyPair: a new {@code rsa} or {@code ed25519} key. */
    public Uni<Created> create(String accountId, String keyName, String keyType) {
        Executor back = CallerContext.capture();
        return Uni.createFrom().item(() -> keyType.equals("rsa") ? KeyMaterial.createRsa() : KeyMaterial.createEd25519())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(back)
                .chain(created -> save(accountId, keyName, keyType, created.fingerprint(), created.publicKeyOpenSsh())
                        .map(k -> new Created(k, created.privateKeyPem())));
    }

    /** ImportKeyPair: the caller's public key, or 400 {@code InvalidKeyPair.Format}. */
    public Uni<KeyPair> importKey(String accountId, String keyName, String publicKeyMaterial) {
        KeyMaterial.Imported imported;
        try {
            imported = KeyMaterial.parsePublic(publicKeyMaterial);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("InvalidKeyPair.Format", e.getMessage());
        }
        return save(accountId, keyName, imported.keyType(), imported.fingerprint(), imported.publicKeyOpenSsh());
    }

    /** The account's key pairs by name; with names, exactly those, or 404 for the first one it does not have. */
    public Uni<List<KeyPair>> list(String accountId, List<String> names) {
        return names.isEmpty()
                ? KeyPair.list("accountId = ?1 order by keyName", accountId)
                : KeyPair.<KeyPair>list("accountId = ?1 and keyName in ?2 order by keyName", accountId, names)
                        .map(list -> {
                            for (String n : names) {
                                if (list.stream().noneMatch(k -> k.keyName.equals(n))) {
                                    throw notFound(n);
                                }
                            }
                            return list;
                        });
    }

    /** The account's key pair by name or by id, or 404 {@code InvalidKeyPair.NotFound}. Needs a session. */
    public Uni<KeyPair> get(String accountId, String keyName) {
        return find(accountId, keyName).map(k -> {
            if (k == null) {
                throw notFound(keyName);
            }
            return k;
        });
    }

    /** The account's key pair by name or by id, or null. Needs a session. */
    public Uni<KeyPair> find(String accountId, String nameOrId) {
        return Ids.isWellFormed("key", nameOrId)
                ? KeyPair.<KeyPair>find("accountId = ?1 and (keyPairId = ?2 or keyName = ?2)", accountId, nameOrId)
                        .firstResult()
                : KeyPair.<KeyPair>find("accountId = ?1 and keyName = ?2", accountId, nameOrId).firstResult();
    }

    /** Deletes the key pair and its tags; idempotent, as on EC2: a missing name is not an error. */
    public Uni<Void> delete(String accountId, String keyName) {
        return Panache.withTransaction(() -> find(accountId, keyName)
                .chain(k -> k == null ? Uni.createFrom().voidItem() : k.delete()
                        .chain(() -> TagService.deleteRows(k.keyPairId))));
    }

    public static ApiException notFound(String keyName) {
        return ApiException.notFound("InvalidKeyPair.NotFound", "The key pair '" + keyName + "' does not exist");
    }

    @Override
    public String idPrefix() {
        return "key";
    }

    @Override
    public String resourceType() {
        return TagService.KEY_PAIR;
    }

    /** Tags are for the account's own key pairs, by id. */
    @Override
    public Uni<Void> checkTaggable(String accountId, String keyPairId) {
        return KeyPair.<KeyPair>find("accountId = ?1 and keyPairId = ?2", accountId, keyPairId).firstResult()
                .map(k -> {
                    if (k == null) {
                        throw notFound(keyPairId);
                    }
                    return k;
                }).replaceWithVoid();
    }

    private Uni<KeyPair> save(String account, String name, String type, String fingerprint, String publicKey) {
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
