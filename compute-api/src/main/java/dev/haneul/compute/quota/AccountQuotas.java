package dev.haneul.compute.quota;

import dev.haneul.compute.account.Account;
import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.events.account.AccountQuotasChanged;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-account quota overrides, stored in {@code account_quota} (MariaDB is the truth) and published, in the
 * same transaction, as {@code AccountQuotasChanged} with the complete override map for the services that enforce
 * the other keys.
 */
@ApplicationScoped
public class AccountQuotas {
    private final ComputeConfig config;
    private final Outbox outbox;
    private final Clock clock;

    public AccountQuotas(ComputeConfig config, Outbox outbox, Clock clock) {
        this.config = config;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The account's limit for {@code key}: its override, else the default. Needs a session. */
    public Uni<Long> limit(String accountId, String key) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT quota_value FROM account_quota WHERE account_id = :a AND quota_key = :k", Object.class)
                .setParameter("a", accountId).setParameter("k", key).getResultList())
                .map(rows -> rows.isEmpty() ? QuotaKeys.defaults(config).get(key) : ((Number) rows.get(0)).longValue());
    }

    /** Every known key's effective value (defaults merged with the account's overrides). */
    public Uni<Map<String, Long>> effective(String accountId) {
        return Panache.withSession(() -> existing(accountId).chain(() -> overrides(accountId)))
                .map(this::merge);
    }

    /**
     * Merges {@code changes} into the account's overrides ({@code null} removes one: back to the default), and
     * publishes the complete override map; answers the effective values.
     */
    public Uni<Map<String, Long>> put(String accountId, Map<String, Object> changes) {
        Map<String, Long> parsed = new LinkedHashMap<>();
        Map<String, Long> known = QuotaKeys.defaults(config);
        if (changes == null || changes.isEmpty()) {
            throw ApiException.invalidParameter("Give at least one quota, e.g. {\"vcpus\": 64}.");
        }
        for (var e : changes.entrySet()) {
            if (!known.containsKey(e.getKey())) {
                throw ApiException.invalidParameter("Unknown quota '" + e.getKey() + "'; known quotas: "
                        + String.join(", ", known.keySet()) + ".");
            }
            Object v = e.getValue();
            if (v == null) {
                parsed.put(e.getKey(), null);
            } else if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0) {
                parsed.put(e.getKey(), ((Number) v).longValue());
            } else if (v instanceof BigInteger) {
                throw ApiException.invalidParameter("The quota '" + e.getKey() + "' is too large.");
            } else {
                throw ApiException.invalidParameter("The quota '" + e.getKey()
                        + "' must be a non-negative integer (or null for the default).");
            }
        }
        return Panache.withSession(() -> existing(accountId))
                .chain(() -> AccountLock.inTransaction(accountId, () -> apply(accountId, parsed)
                .chain(() -> overrides(accountId))
                .call(all -> outbox.publish(new AccountQuotasChanged(accountId, all, Instant.now(clock))))))
                .map(this::merge);
    }

    private Uni<Void> apply(String accountId, Map<String, Long> parsed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var e : parsed.entrySet()) {
            chain = chain.chain(() -> Panache.getSession().chain(s -> (e.getValue() == null
                    ? s.createNativeQuery("DELETE FROM account_quota WHERE account_id = :a AND quota_key = :k")
                    : s.createNativeQuery("INSERT INTO account_quota (account_id, quota_key, quota_value) "
                            + "VALUES (:a, :k, :v) ON DUPLICATE KEY UPDATE quota_value = :v")
                            .setParameter("v", e.getValue()))
                    .setParameter("a", accountId).setParameter("k", e.getKey()).executeUpdate()).replaceWithVoid());
        }
        return chain;
    }

    /** The account's overrides, by key. Needs a session. */
    public Uni<Map<String, Long>> overrides(String accountId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT quota_key, quota_value FROM account_quota WHERE account_id = :a", Object[].class)
                .setParameter("a", accountId).getResultList())
                .map(rows -> {
                    Map<String, Long> m = new TreeMap<>();
                    for (Object[] r : rows) {
                        m.put((String) r[0], ((Number) r[1]).longValue());
                    }
                    return m;
                });
    }

    private Map<String, Long> merge(Map<String, Long> overrides) {
        Map<String, Long> m = QuotaKeys.defaults(config);
        m.replaceAll((k, v) -> overrides.getOrDefault(k, v));
        return m;
    }

    private static Uni<Void> existing(String accountId) {
        if (accountId == null || !accountId.matches("[0-9]{12}")) {
            return Uni.createFrom().failure(noSuchAccount(accountId));
        }
        return Account.<Account>findById(accountId).map(a -> {
            if (a == null) {
                throw noSuchAccount(accountId);
            }
            return null;
        }).replaceWithVoid();
    }

    private static ApiException noSuchAccount(String accountId) {
        return ApiException.notFound("NoSuchEntity", "The account '" + accountId + "' does not exist.");
    }
}
