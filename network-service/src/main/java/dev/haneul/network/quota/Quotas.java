package dev.haneul.network.quota;

import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.network.common.Sql;
import dev.haneul.network.config.NetworkConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Checks the per-account quotas, exactly and across replicas: MariaDB is the truth. A change that counts against
 * a quota first takes the account's {@code account_lock} row ({@link AccountLock}), which it holds until commit,
 * then counts the account's rows and reads its override ({@link #check}) and inserts. Another replica's check of the
 * same account waits for the commit and then counts the new row, so concurrent creates never exceed a limit.
 * Releases need no lock: a count can only be too high for the instant a release commits.
 */
@ApplicationScoped
public class Quotas {
    private final NetworkConfig.QuotaDefaults defaults;

    public Quotas(NetworkConfig config) {
        this.defaults = config.quota();
    }

    /**
     * 400 with the quota's EC2 code and its limit unless {@code adding} more fit under the account's limit (its
     * override, else the configured default). Must run after {@link AccountLock#lock} in the same transaction.
     */
    public Uni<Void> check(String accountId, Quota quota, long adding) {
        return Sql.rows("SELECT (" + quota.usageSql + "), (SELECT " + quota.column
                + " FROM account_quota WHERE account_id = :a)", Map.of("a", accountId)).map(rows -> {
                    Object[] row = rows.get(0);
                    long used = ((Number) row[0]).longValue();
                    long limit = row[1] == null ? quota.defaultLimit.applyAsLong(defaults) : ((Number) row[1]).longValue();
                    if (used + adding > limit) {
                        throw ApiException.badRequest(quota.code, "The maximum number of " + quota.what
                                + " has been reached (limit " + limit + ").");
                    }
                    return null;
                });
    }

    public long subnetsPerVpc() {
        return defaults.subnetsPerVpc();
    }

    public long routeTablesPerVpc() {
        return defaults.routeTablesPerVpc();
    }

    public long routesPerTable() {
        return defaults.routesPerTable();
    }

    /** 400 {@code code} when a container (a VPC, a route table) already holds {@code limit} items. */
    public static void perContainer(long used, long limit, String code, String what, String container) {
        if (used >= limit) {
            throw ApiException.badRequest(code, "The maximum number of " + what + " in " + container
                    + " has been reached (limit " + limit + ").");
        }
    }
}
