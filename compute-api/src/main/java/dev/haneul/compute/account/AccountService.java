package dev.haneul.compute.account;

import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/** Accounts, their access keys, and the exchange of an access key for a signed bearer token. */
@ApplicationScoped
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final ComputeConfig config;

    public AccountService(ComputeConfig config) {
        this.config = config;
    }

    /** A new account and its first access key; the secret is in the answer and nowhere else. */
    public record NewAccount(String accountId, String name, boolean admin, String accessKeyId, String secretAccessKey) {
    }

    public record Token(String token, Instant expiresAt) {
    }

    public Uni<NewAccount> create(String name, boolean admin) {
        String secret = Secrets.newSecret();
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> Secrets.hash(secret))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                // back on the request's Vert.x context: Hibernate Reactive must run there
                .emitOn(task -> context.runOnContext(v -> task.run()))
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
        k.status = AccessKey.ACTIVE;
        k.createdAt = a.createdAt;
        return Panache.withTransaction(() -> a.persist().chain(() -> k.persist()))
                .replaceWith(new NewAccount(a.accountId, name, admin, keyId, secret));
    }

    /** Checks the secret (slow hash, off the event loop) and signs a token for the key's account. */
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
                    if (pair == null) {
                        return Uni.createFrom().failure(refused);
                    }
                    AccessKey key = (AccessKey) pair[0];
                    Account account = (Account) pair[1];
                    return Uni.createFrom().item(() -> Secrets.verify(secret, key.secretHash))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .chain(ok -> ok ? Uni.createFrom().item(sign(account)) : Uni.createFrom().failure(refused));
                });
    }

    private Token sign(Account account) {
        Instant expires = Instant.now().plus(config.tokens().ttl());
        Set<String> groups = new HashSet<>(Set.of("user"));
        if (account.admin) {
            groups.add("admin");
        }
        String jwt = Jwt.issuer("haneul").subject(account.accountId).groups(groups)
                .claim("accountName", account.name).expiresAt(expires).sign();
        return new Token(jwt, expires);
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
        }
    }
}
