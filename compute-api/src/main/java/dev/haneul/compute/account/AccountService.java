package dev.haneul.compute.account;

import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.auth.Caller;
import dev.haneul.events.account.AccessKeyRevoked;
import dev.haneul.kit.auth.RevocationFilter;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Accounts, their access keys, and the exchange of an access key for a signed bearer token: against its secret
 * ({@link #token}) or against an AWS Signature V4 made with it ({@link #verifySignature}). Every secret made while a
 * seal key is configured is stored with its sealed copy ({@link SecretSeal}) beside its hash.
 */
@ApplicationScoped
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final ComputeConfig config;
    private final SecretChecks secrets;
    private final Outbox outbox;
    private final SecretSeal seal;
    private final Clock clock;

    public AccountService(ComputeConfig config, SecretChecks secrets, Outbox outbox, SecretSeal seal, Clock clock) {
        this.config = config;
        this.secrets = secrets;
        this.outbox = outbox;
        this.seal = seal;
        this.clock = clock;
    }

    /** A new account and its first access key; the secret is in the answer and nowhere else. */
    public record NewAccount(String accountId, String name, boolean admin, String accessKeyId, String secretAccessKey) {
    }

    public record Token(String token, Instant expiresAt) {
    }

    public Uni<NewAccount> create(String name, boolean admin) {
        String secret = Secrets.newSecret();
        return secrets.hash(secret)
                .chain(hash -> create(name, admin, Secrets.newAccessKeyId(), secret, hash));
    }

    private Uni<NewAccount> create(String name, boolean admin, String keyId, String secret, String hash) {
        Account a = new Account();
        a.accountId = Secrets.newAccountId();
        a.name = name;
        a.admin = admin;
        a.createdAt = Instant.now();
        AccessKey k = new AccessKey();
        k.accessKeyId = keyId;
        k.accountId = a.accountId;
        k.secretHash = hash;
        k.sealedSecret = seal.seal(keyId, secret);
        k.status = AccessKey.ACTIVE;
        k.createdAt = a.createdAt;
        return Panache.withTransaction(() -> a.persist().chain(() -> k.persist()))
                .replaceWith(new NewAccount(a.accountId, name, admin, keyId, secret));
    }

    /** Checks the secret ({@link SecretChecks}: the slow hash, bounded, off the event loop) and signs a token. */
    public Uni<Token> token(String accessKeyId, String secret) {
        ApiException refused = new ApiException(401, "AuthFailure",
                "The access key id or secret access key is not valid.");
        if (!Secrets.isAccessKeyId(accessKeyId) || secret == null || secret.isEmpty()) {
            return Uni.createFrom().failure(refused);
        }
        return Panache.withSession(() -> AccessKey.<AccessKey>findById(accessKeyId)
                .chain(key -> key == null || !AccessKey.ACTIVE.equals(key.status) ? Uni.createFrom().nullItem()
                        : Account.<Account>findById(key.accountId).map(acc -> new Object[] { key, acc })))
                .chain(pair -> {
                    AccessKey key = pair == null ? null : (AccessKey) pair[0];
                    // no such key: the same hash against nobody's secret, so the answer takes as long
                    return secrets.verify(secret, key == null ? null : key.secretHash).chain(ok -> ok
                            ? Uni.createFrom().item(sign((Account) pair[1], key))
                            : Uni.createFrom().failure(refused));
                });
    }

    /**
     * Verifies an AWS Signature V4 the EC2 API received ({@link SigV4#check}: the string to sign, its scope and time)
     * with the key's unsealed secret and answers what {@link #token} would issue for the key, and the scope's signing
     * key. Every refusal is 401 {@code AuthFailure}: an unknown or inactive key and a wrong signature in the same
     * words ({@link SigV4#NOT_VALIDATED}); a key without a sealed copy says so. HMAC and AES-GCM take microseconds:
     * no need to leave the event loop.
     */
    public Uni<SigV4.Verified> verifySignature(SigV4.Request r) {
        ApiException refused = new ApiException(401, "AuthFailure", SigV4.NOT_VALIDATED);
        try {
            SigV4.check(r, config.region(), clock.instant());
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        if (!Secrets.isAccessKeyId(r.accessKeyId())) {
            return Uni.createFrom().failure(refused);
        }
        return Panache.withSession(() -> AccessKey.<AccessKey>findById(r.accessKeyId()).chain(key -> {
            if (key == null || !AccessKey.ACTIVE.equals(key.status)) {
                throw refused;
            }
            if (key.sealedSecret == null) {
                throw new ApiException(401, "AuthFailure", "This access key was created before this server could "
                        + "verify AWS signatures; create a new access key.");
            }
            byte[] signingKey = SigV4.signingKey(open(key), r.date(), r.region(), r.service());
            if (!SigV4.matches(signingKey, r.stringToSign(), r.signature())) {
                throw refused;
            }
            return Account.<Account>findById(key.accountId).map(acc -> {
                if (acc == null) {
                    throw refused;
                }
                Token t = sign(acc, key);
                return new SigV4.Verified(acc.accountId, key.accessKeyId, key.readOnly, t.token(), t.expiresAt(),
                        Base64.getEncoder().encodeToString(signingKey));
            });
        }));
    }

    private String open(AccessKey key) {
        if (!seal.enabled()) {
            throw new ApiException(401, "AuthFailure", "This server is not configured to verify AWS signatures.");
        }
        try {
            return seal.open(key.accessKeyId, key.sealedSecret);
        } catch (GeneralSecurityException e) {
            LOG.warnf("the sealed secret of access key %s does not open with the configured seal key (made with "
                    + "another one, or altered): AWS Signature V4 refused for it", key.accessKeyId);
            throw new ApiException(401, "AuthFailure", SigV4.NOT_VALIDATED);
        }
    }

    /** The claim naming the access key a token was issued for (refresh checks it is still active). */
    public static final String KEY_CLAIM = RevocationFilter.KEY_CLAIM;

    private Token sign(Account account, AccessKey key) {
        Instant expires = Instant.now().plus(config.tokens().ttl());
        Set<String> groups = new HashSet<>(Set.of("user"));
        if (key.readOnly) {
            groups.add(Caller.READ_ONLY);       // describe only; an admin's read-only key is not admin
        } else if (account.admin) {
            groups.add(Caller.ADMIN);
        }
        String jwt = Jwt.issuer("haneul").subject(account.accountId).groups(groups)
                .claim("accountName", account.name).claim(KEY_CLAIM, key.accessKeyId).expiresAt(expires).sign();
        return new Token(jwt, expires);
    }

    /**
     * A new token for the holder of a still valid one: the key it was issued for must still exist, be active and
     * belong to the token's account, and the account must still exist; else 401 {@code AuthFailure}.
     */
    public Uni<Token> refresh(String accountId, String accessKeyId) {
        ApiException refused = new ApiException(401, "AuthFailure",
                "The token's access key is no longer active; get a new token with an access key.");
        if (accessKeyId == null) {
            return Uni.createFrom().failure(refused);
        }
        return Panache.withSession(() -> AccessKey.<AccessKey>findById(accessKeyId)
                .chain(key -> key == null || !AccessKey.ACTIVE.equals(key.status) || !key.accountId.equals(accountId)
                        ? Uni.createFrom().<Token>failure(refused)
                        : Account.<Account>findById(accountId).map(acc -> {
                            if (acc == null) {
                                throw refused;
                            }
                            return sign(acc, key);
                        })));
    }

    /** A new access key for the account; the secret is in the answer and nowhere else. */
    public Uni<NewKey> createKey(String accountId, boolean readOnly) {
        String secret = Secrets.newSecret();
        return secrets.hash(secret)
                .chain(hash -> AccountLock.inTransaction(accountId, () -> Account.<Account>findById(accountId)
                        .chain(acc -> {
                            if (acc == null) {
                                throw new ApiException(401, "AuthFailure", "The account no longer exists.");
                            }
                            return activeKeys(accountId);
                        })
                        .chain(active -> {
                            checkRoom(active);
                            AccessKey k = new AccessKey();
                            k.accessKeyId = Secrets.newAccessKeyId();
                            k.accountId = accountId;
                            k.secretHash = hash;
                            k.sealedSecret = seal.seal(k.accessKeyId, secret);
                            k.status = AccessKey.ACTIVE;
                            k.readOnly = readOnly;
                            k.createdAt = Instant.now();
                            return k.<AccessKey>persist();
                        })))
                .map(k -> new NewKey(k.accessKeyId, secret, k.status, k.readOnly, k.createdAt));
    }

    public record NewKey(String accessKeyId, String secretAccessKey, String status, boolean readOnly,
            Instant createDate) {
    }

    public record KeyView(String accessKeyId, String status, boolean readOnly, Instant createDate) {
        static KeyView of(AccessKey k) {
            return new KeyView(k.accessKeyId, k.status, k.readOnly, k.createdAt);
        }
    }

    public Uni<List<KeyView>> keys(String accountId) {
        return Panache.withSession(() -> AccessKey.<AccessKey>list("accountId = ?1 order by createdAt, accessKeyId",
                accountId)).map(list -> list.stream().map(KeyView::of).toList());
    }

    /**
     * Activates or deactivates a key. Re-activating counts toward the limit of active keys; deactivating the
     * account's last active key is refused (409 {@code DeleteConflict}): nobody could get a token any more.
     */
    public Uni<KeyView> setStatus(String accountId, String accessKeyId, String status) {
        return AccountLock.inTransaction(accountId, () -> owned(accountId, accessKeyId).chain(k -> {
            if (k.status.equals(status)) {
                return Uni.createFrom().item(k);
            }
            return activeKeys(accountId).map(active -> {
                if (AccessKey.ACTIVE.equals(status)) {
                    checkRoom(active);
                } else if (active <= 1) {
                    throw lastKey("deactivate");
                }
                k.status = status;
                return k;
            }).call(changed -> AccessKey.ACTIVE.equals(status) ? Uni.createFrom().voidItem()
                    : revoked(changed, "deactivated"));
        })).map(KeyView::of);
    }

    /** Deletes a key for good; the account's last active key cannot be deleted (409 {@code DeleteConflict}). */
    public Uni<Void> deleteKey(String accountId, String accessKeyId) {
        return AccountLock.inTransaction(accountId, () -> owned(accountId, accessKeyId)
                .chain(k -> (AccessKey.ACTIVE.equals(k.status) ? activeKeys(accountId) : Uni.createFrom().item(2L))
                        .chain(active -> {
                            if (AccessKey.ACTIVE.equals(k.status) && active <= 1) {
                                throw lastKey("delete");
                            }
                            return k.delete().chain(() -> revoked(k, "deleted"));
                        })));
    }

    /** In the change's transaction: every service refuses the key's earlier tokens from now on. */
    private Uni<Void> revoked(AccessKey k, String reason) {
        return outbox.publish(new AccessKeyRevoked(k.accountId, k.accessKeyId, reason, Instant.now()));
    }

    private static Uni<AccessKey> owned(String accountId, String accessKeyId) {
        ApiException missing = ApiException.notFound("NoSuchEntity",
                "The Access Key with id " + accessKeyId + " cannot be found.");
        if (!Secrets.isAccessKeyId(accessKeyId)) {
            return Uni.createFrom().failure(missing);
        }
        return AccessKey.<AccessKey>findById(accessKeyId).map(k -> {
            if (k == null || !k.accountId.equals(accountId)) {
                throw missing;
            }
            return k;
        });
    }

    private static Uni<Long> activeKeys(String accountId) {
        return AccessKey.count("accountId = ?1 and status = ?2", accountId, AccessKey.ACTIVE);
    }

    private void checkRoom(long active) {
        int limit = config.quotas().accessKeys();
        if (active >= limit) {
            throw ApiException.conflict("LimitExceeded",
                    "Cannot exceed quota for AccessKeysPerUser: " + limit + " (active keys).");
        }
    }

    private static ApiException lastKey(String what) {
        return ApiException.conflict("DeleteConflict", "Cannot " + what
                + " the account's last active access key: create another one first.");
    }

    /** Creates the first admin account from the configured credentials, once. */
    void bootstrap(@Observes StartupEvent event) throws Throwable {
        if (config.bootstrap().accessKeyId().isEmpty() || config.bootstrap().secretAccessKey().isEmpty()) {
            return;
        }
        String keyId = config.bootstrap().accessKeyId().get();
        String secret = config.bootstrap().secretAccessKey().get();
        if (!Secrets.isAccessKeyId(keyId)) {
            throw new IllegalStateException("HANEUL_BOOTSTRAP_ACCESS_KEY_ID must look like AKIA + 16 characters");
        }
        String hash = Secrets.hash(secret);
        Boolean created = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> AccessKey.<AccessKey>findById(keyId))
                .chain(existing -> existing != null ? Uni.createFrom().item(false)
                        : create("admin", true, keyId, secret, hash).replaceWith(true))
                .onFailure().recoverWithItem(false));
        if (created) {
            LOG.infof("created the first admin account with access key %s", keyId);
        } else {
            try {
                sealBootstrapKey(keyId, secret);
            } catch (Throwable e) {   // the key keeps getting tokens; the next start tries again
                LOG.warnf(e, "could not seal the secret of bootstrap access key %s", keyId);
            }
        }
    }

    /**
     * Gives an existing key a sealed copy when its row has none, or one that does not open with the seal key (made
     * with a former seal key), a seal key is configured and {@code secret} is the secret its hash was made from (the
     * configured bootstrap key, at start: the slow hash runs on the calling thread, never call it on the event
     * loop). Answers whether it sealed one.
     */
    public boolean sealBootstrapKey(String keyId, String secret) throws Throwable {
        if (!seal.enabled()) {
            return false;
        }
        AccessKey key = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> AccessKey.<AccessKey>findById(keyId)));
        if (key == null || key.sealedSecret != null && opens(key)) {
            return false;
        }
        if (!Secrets.verify(secret, key.secretHash)) {
            LOG.warnf("the configured secret of bootstrap access key %s is not the key's secret: no sealed copy "
                    + "made, AWS Signature V4 is refused for the key", keyId);
            return false;
        }
        String sealed = seal.seal(keyId, secret);
        String former = key.sealedSecret;
        // only over the copy read (another replica starting at once may have sealed it already)
        int updated = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> former == null
                ? AccessKey.update("sealedSecret = ?1 where accessKeyId = ?2 and sealedSecret is null", sealed, keyId)
                : AccessKey.update("sealedSecret = ?1 where accessKeyId = ?2 and sealedSecret = ?3", sealed, keyId,
                        former)));
        if (updated > 0) {
            LOG.infof("sealed a copy of the secret of bootstrap access key %s: it can sign AWS Signature V4 requests",
                    keyId);
        }
        return updated > 0;
    }

    private boolean opens(AccessKey key) {
        try {
            seal.open(key.accessKeyId, key.sealedSecret);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
