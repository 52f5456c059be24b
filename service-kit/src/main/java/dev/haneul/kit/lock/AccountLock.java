package dev.haneul.kit.lock;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Serialises one account's changes that count against a per-account limit (launches, key pairs, access keys, VPCs,
 * elastic IPs, security groups, quota overrides…): {@link #lock} updates the account's row of the service's
 * {@code account_lock (account_id PRIMARY KEY, generation)} table and so holds it until commit, and a count taken
 * after it in the same transaction is exact, across replicas. Invariant: a transaction takes it as its first
 * statement, so every holder takes its locks in the same order.
 *
 * <p>The row is created beforehand, in a transaction of its own ({@link #ensure}): creating it inside the racing
 * transactions (an {@code INSERT … ON DUPLICATE KEY UPDATE}) lets InnoDB deadlock them on the new key, as two
 * upserts of one missing key each hold a gap lock the other's insert waits for.
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

    /**
     * The transaction's first statement; needs {@link #ensure} before the transaction. Fails when the row is
     * missing (the table was emptied under a running service): the account is forgotten, so the next
     * {@link #ensure} creates it again.
     */
    public static Uni<Void> lock(String accountId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "UPDATE account_lock SET generation = generation + 1 WHERE account_id = :a")
                .setParameter("a", accountId).executeUpdate()).map(n -> {
                    if (n == 0) {
                        KNOWN.remove(accountId);
                        throw new MissingRow(accountId);
                    }
                    return null;
                }).replaceWithVoid();
    }

    /**
     * {@link #ensure}, then {@code work} in a transaction that starts with {@link #lock}; once more if the row
     * turned out to be gone.
     */
    public static <T> Uni<T> inTransaction(String accountId, Supplier<Uni<T>> work) {
        Supplier<Uni<T>> once = () -> ensure(accountId)
                .chain(() -> Panache.withTransaction(() -> lock(accountId).chain(() -> work.get())));
        return once.get().onFailure(MissingRow.class).recoverWithUni(missing -> once.get());
    }

    /** The account's lock row is not there (nothing was changed: it is the transaction's first statement). */
    static final class MissingRow extends IllegalStateException {
        MissingRow(String accountId) {
            super("no account_lock row for " + accountId);
        }
    }
}
