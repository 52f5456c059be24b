package dev.haneul.compute.quota;

import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.lock.DistributedLocks;
import dev.haneul.kit.quota.QuotaLedger;
import dev.haneul.kit.quota.QuotaLedger.Difference;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Repairs drift between the Redis vCPU counters of {@link VcpuQuota} and the database, the truth: every
 * {@code haneul.quotas.reconcile-interval} (default 1m) it compares, for every account that holds vCPUs in the
 * database or has counters in Redis, the holders (instance id → vCPUs) and their sum with the instances that hold
 * capacity (pending, running, stopping, shutting-down).
 *
 * <ul>
 * <li>A counter that differs from the sum of its holders (changed by hand, say) is set to the sum at once: every
 * script keeps the two equal, so the recompute (in one Lua script) races nothing.</li>
 * <li>A holder that differs from the database is repaired only when the previous round saw the same difference,
 * and only if Redis still has the value seen: a launch or start is in Redis before its commit and a stop gives
 * back before its commit, for milliseconds to seconds, and such a difference is never touched. The comparison
 * that decides runs under the account's {@code account_lock} row ({@link AccountLock}), the row a launch commits
 * under, so no launch commits between the database read and the repair.</li>
 * <li>Missing counters of an account that holds vCPUs (Redis lost its data) are rebuilt from the database
 * ({@link VcpuQuota#rebuild}), as its next reservation would.</li>
 * </ul>
 *
 * <p>The limit never rests on this: a launch checks it again in the database under the same row. One replica
 * at a time reconciles (the kit's lock); a round without Redis is skipped. Repairs are logged and counted in
 * {@code haneul.quota.reconciler.repairs} ({@code kind}: holder, counter, rebuilt).
 */
@ApplicationScoped
public class VcpuQuotaReconciler {
    private static final Logger LOG = Logger.getLogger(VcpuQuotaReconciler.class);
    private static final String LOCK = "vcpu-quota-reconciler";
    private static final Duration LOCK_TTL = Duration.ofSeconds(60);

    private final VcpuQuota quota;
    private final QuotaLedger ledger;
    private final DistributedLocks locks;
    private final MeterRegistry meters;
    /** The differences each account showed in the last round (only accounts that showed any). */
    private volatile Map<String, Map<String, Difference>> lastSeen = Map.of();

    public VcpuQuotaReconciler(VcpuQuota quota, DistributedLocks locks, MeterRegistry meters) {
        this.quota = quota;
        this.ledger = quota.ledger();
        this.locks = locks;
        this.meters = meters;
    }

    @Scheduled(every = "${haneul.quotas.reconcile-interval:1m}", delayed = "${haneul.quotas.reconcile-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return locks.runRound(LOCK, LOCK_TTL, lease -> reconcileAll());
    }

    /** One round over every account; answers how many accounts were repaired (or rebuilt). */
    public Uni<Integer> reconcileAll() {
        Map<String, Map<String, Difference>> seen = new ConcurrentHashMap<>();
        return truthOfAll().chain(truth -> ledger.eachAccount(Uni.createFrom().item(truth.keySet()),
                        account -> check(account, truth.getOrDefault(account, Map.of()), seen)))
                .invoke(() -> lastSeen = seen);
    }

    /** The cheap look, without a lock; the locked comparison only where something differs. */
    private Uni<Boolean> check(String account, Map<String, Long> truth, Map<String, Map<String, Difference>> seen) {
        return counted(account).chain(counted -> {
            if (counted == null && truth.isEmpty()) {
                return Uni.createFrom().item(false); // nothing held: the account's next reservation builds its keys
            }
            if (counted == null) {
                return quota.rebuild(account).invoke(() -> {
                    LOG.infof("vCPU quota of account %s rebuilt from the database (its counters were missing)", account);
                    meters.counter("haneul.quota.reconciler.repairs", "quota", "vcpus", "kind", "rebuilt").increment();
                }).replaceWith(true);
            }
            if (counted.used() == counted.sum() && counted.holders().equals(truth)) {
                return Uni.createFrom().item(false);
            }
            return AccountLock.inTransaction(account, () -> repair(account, seen));
        });
    }

    /** Under the account's row: compares again and repairs what differs now and differed the same way last time. */
    private Uni<Boolean> repair(String account, Map<String, Map<String, Difference>> seen) {
        return VcpuQuota.truthOf(account).chain(truth -> counted(account).chain(counted -> {
            if (counted == null) {
                return Uni.createFrom().item(false); // lost meanwhile: the next reservation or round rebuilds it
            }
            Map<String, Difference> now = differences(counted.holders(), truth);
            if (!now.isEmpty()) {
                seen.put(account, now);
            }
            Map<String, Difference> before = lastSeen.getOrDefault(account, Map.of());
            List<Difference> repairs = now.values().stream().filter(d -> d.equals(before.get(d.holder()))).toList();
            if (repairs.isEmpty() && counted.used() == counted.sum()) {
                if (!now.isEmpty()) {
                    LOG.debugf("vCPU quota of account %s differs from the database (%s); repaired next round if it "
                            + "still does", account, now);
                }
                return Uni.createFrom().item(false);
            }
            return ledger.repair(account, repairs).map(r -> {
                if (r == null) {
                    return false;
                }
                if (r.holders() > 0) {
                    meters.counter("haneul.quota.reconciler.repairs", "quota", "vcpus", "kind", "holder")
                            .increment(r.holders());
                }
                if (r.countersChanged()) {
                    meters.counter("haneul.quota.reconciler.repairs", "quota", "vcpus", "kind", "counter").increment();
                }
                if (r.holders() > 0 || r.countersChanged()) {
                    long[] counter = r.counters().get(VcpuQuota.VCPUS);
                    LOG.infof("vCPU quota of account %s repaired from the database: counter %d→%d, holders %s",
                            account, counter[0], counter[1], repairs.isEmpty() ? "unchanged" : repairs.stream()
                                    .map(d -> d.holder() + " " + d.inRedis() + "→" + d.inDatabase()).toList());
                    return true;
                }
                return false;
            });
        }));
    }

    private static Map<String, Difference> differences(Map<String, Long> inRedis, Map<String, Long> inDatabase) {
        Map<String, Difference> d = new TreeMap<>();
        Set<String> ids = new TreeSet<>(inRedis.keySet());
        ids.addAll(inDatabase.keySet());
        for (String id : ids) {
            long r = inRedis.getOrDefault(id, 0L);
            long db = inDatabase.getOrDefault(id, 0L);
            if (r != db) {
                d.put(id, new Difference(VcpuQuota.VCPUS, id, r, db));
            }
        }
        return d;
    }

    /** Every account's holders in the database: account → instance id → vCPUs. */
    private static Uni<Map<String, Map<String, Long>>> truthOfAll() {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createQuery(
                "select i.accountId, i.instanceId, i.vcpus from Instance i where i.state in (:states)", Object[].class)
                .setParameter("states", VcpuQuota.HOLDING).getResultList()))
                .map(rows -> {
                    Map<String, Map<String, Long>> truth = new HashMap<>();
                    for (Object[] r : rows) {
                        truth.computeIfAbsent((String) r[0], a -> new HashMap<>())
                                .put((String) r[1], ((Number) r[2]).longValue());
                    }
                    return truth;
                });
    }

    /** What Redis counts for the account, or null when the counter is missing. */
    private Uni<QuotaLedger.Counted> counted(String account) {
        return ledger.read(account).map(all -> all == null ? null : all.get(VcpuQuota.VCPUS));
    }
}
