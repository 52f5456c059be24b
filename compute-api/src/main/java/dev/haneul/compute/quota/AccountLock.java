package dev.haneul.compute.quota;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Serialises the changes of one account that count against a limit (launches, key pairs, access keys, quota
 * overrides): {@link #lock} updates the account's {@code account_lock} row and so holds it until commit, and a
 * count taken after it in the same transaction is exact, across replicas. The row is created first, in a
 * transaction of its own ({@link #ensure}): creating it inside the racing transactions (an upsert) lets InnoDB
 * deadlock them on the new key.
 */
public final class AccountLock {
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private AccountLock() {
    }

    /** Creates the account's lock row if needed; call outside the transaction that will {@link #lock} it. */
    public static Uni<Void> ensure(String accountId) {
        if (KNOWN.contains(accountId)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "INSERT IGNORE INTO account_lock (account_id, generation) VALUES (:a, 0)")
                .setParameter("a", accountId).executeUpdate()))
                .invoke(() -> KNOWN.add(accountId)).replaceWithVoid();
    }

    /** The transaction's first statement; needs {@link #ensure} before the transaction. */
    public static Uni<Void> lock(String accountId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "UPDATE account_lock SET generation = generation + 1 WHERE account_id = :a")
                .setParameter("a", accountId).executeUpdate()).map(n -> {
                    if (n == 0) {
                        throw new IllegalStateException("no account_lock row for " + accountId);
                    }
                    return null;
                }).replaceWithVoid();
    }

    /** {@link #ensure}, then {@code work} in a transaction that starts with {@link #lock}. */
    public static <T> Uni<T> inTransaction(String accountId, Supplier<Uni<T>> work) {
        return ensure(accountId).chain(() -> Panache.withTransaction(() -> lock(accountId).chain(() -> work.get())));
    }
}
