package dev.haneul.volume.quota;

import dev.haneul.kit.lock.DistributedLocks;
import dev.haneul.volume.config.VolumeConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.TreeSet;

/**
 * Repairs drift between the Redis quota counters and the database (a holder left behind by a crash between a
 * commit and its give-back, a key changed by hand): every {@code haneul.volume.quotas.reconcile-interval} it
 * rewrites the holders of every account known to the database or to Redis from the database
 * ({@link VolumeQuotas#rebuild} forced, under each account's exclusive row lock, so reservations in flight are
 * never lost). One replica at a time does it (the kit's Redis lock, renewed while the round runs), and two at
 * once would still be correct; a round without Redis is skipped.
 */
@ApplicationScoped
public class QuotaReconciler {
    private static final String LOCK = "quota-reconciler";

    private final VolumeQuotas quotas;
    private final DistributedLocks locks;
    private final Pool pool;
    private final VolumeConfig config;

    public QuotaReconciler(VolumeQuotas quotas, DistributedLocks locks, Pool pool, VolumeConfig config) {
        this.quotas = quotas;
        this.locks = locks;
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${haneul.volume.quotas.reconcile-interval:1m}", delayed = "${haneul.volume.quotas.reconcile-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return locks.runRound(LOCK, config.quotas().reconcileLease(), lease -> reconcileAll());
    }

    /** Reconciles every account; answers how many had drifted. */
    public Uni<Integer> reconcileAll() {
        return quotas.ledger().eachAccount(accountsInDatabase(), account -> quotas.rebuild(account, true).map(d -> d > 0));
    }

    private Uni<TreeSet<String>> accountsInDatabase() {
        return pool.query("SELECT account_id FROM quota_account "
                        + "UNION SELECT account_id FROM volume WHERE state <> 'deleted' "
                        + "UNION SELECT account_id FROM snapshot").execute()
                .map(rows -> {
                    TreeSet<String> ids = new TreeSet<>();
                    for (Row r : rows) {
                        ids.add(r.getString(0));
                    }
                    return ids;
                });
    }
}
