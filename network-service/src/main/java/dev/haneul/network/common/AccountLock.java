package dev.haneul.network.common;

import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * Serialises the changes of one account that count against a per-account quota (VPCs, internet gateways, elastic
 * IPs, security groups; see {@code quota.Quotas}) and its elastic-IP changes: the upsert holds the account's row
 * until commit, so a count taken after it is exact. Always the first lock a transaction takes.
 */
public final class AccountLock {
    private AccountLock() {
    }

    /** Must run inside the transaction whose count it protects. */
    public static Uni<Void> lock(String accountId) {
        return Sql.update("INSERT INTO account_lock (account_id, generation) VALUES (:a, 1) "
                + "ON DUPLICATE KEY UPDATE generation = generation + 1", Map.of("a", accountId)).replaceWithVoid();
    }
}
