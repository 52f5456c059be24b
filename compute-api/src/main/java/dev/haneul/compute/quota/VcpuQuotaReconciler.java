package dev.haneul.compute.quota;

import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.lock.DistributedLocks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
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
    private static final String KEY_PATTERN = "haneul:quota:{*}:vcpus";

    /** KEYS used, holders. {} when the counter is missing, else {used, {id, vcpus, …}}, read at one instant. */
    private static final String READ = """
            local used = redis.call('GET', KEYS[1])
            if not used then return {} end
            return {used, redis.call('HGETALL', KEYS[2])}
            """;
    /**
     * KEYS used, holders. ARGV triples (instance id, the vCPUs Redis was seen holding, the database's; 0 = none).
     * Sets each holder that still has the value seen, then the counter to the sum of the holders. Answers -2 when
     * the counter is missing (the rebuild reads the truth), else {holders changed, counter before, counter after}.
     */
    private static final String REPAIR = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return -2 end
            local changed = 0
            for i = 1, #ARGV, 3 do
              if tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0') == tonumber(ARGV[i + 1]) then
                if tonumber(ARGV[i + 2]) == 0 then redis.call('HDEL', KEYS[2], ARGV[i])
                else redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2]) end
                changed = changed + 1
              end
            end
            local sum = 0
            for _, v in ipairs(redis.call('HVALS', KEYS[2])) do sum = sum + tonumber(v) end
            local before = tonumber(redis.call('GET', KEYS[1]))
            redis.call('SET', KEYS[1], sum)
            return {changed, before, sum}
            """;

    /** What Redis counts for an account: the counter and the holders. */
    record Counted(long used, Map<String, Long> holders) {
        long sum() {
            return holders.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One holder that differs: what Redis holds and what the database says (0: not holding). */
    record Difference(long inRedis, long inDatabase) {
    }

    private final VcpuQuota quota;
    private final DistributedLocks locks;
    private final ReactiveRedisDataSource redis;
    private final MeterRegistry meters;
    /** The differences each account showed in the last round (only accounts that showed any). */
    private volatile Map<String, Map<String, Difference>> lastSeen = Map.of();

    public VcpuQuotaReconciler(VcpuQuota quota, DistributedLocks locks, ReactiveRedisDataSource redis,
            MeterRegistry meters) {
        this.quota = quota;
        this.locks = locks;
        this.redis = redis;
        this.meters = meters;
    }

    @Scheduled(every = "${haneul.quotas.reconcile-interval:1m}", delayed = "${haneul.quotas.reconcile-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return locks.runExclusively(LOCK, LOCK_TTL, lease -> reconcileAll())
                .onFailure().invoke(e -> LOG.warnf("vCPU quota reconciliation skipped a round: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One round over every account; answers how many accounts were repaired (or rebuilt). */
    public Uni<Integer> reconcileAll() {
        Map<String, Map<String, Difference>> seen = new ConcurrentHashMap<>();
        return truthOfAll().chain(truth -> accountsInRedis().map(inRedis -> {
            Set<String> accounts = new TreeSet<>(truth.keySet());
            accounts.addAll(inRedis);
            return accounts;
        }).onItem().transformToMulti(Multi.createFrom()::iterable)
                .onItem().transformToUniAndConcatenate(account -> check(account, truth.getOrDefault(account, Map.of()), seen)
                        .onFailure().invoke(e -> LOG.warnf("vCPU quota of account %s not reconciled: %s", account,
                                e.toString()))
                        .onFailure().recoverWithItem(false))
                .collect().asList())
                .map(repaired -> {
                    lastSeen = seen;
                    return (int) repaired.stream().filter(r -> r).count();
                });
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
        return truthOf(account).chain(truth -> counted(account).chain(counted -> {
            if (counted == null) {
                return Uni.createFrom().item(false); // lost meanwhile: the next reservation or round rebuilds it
            }
            Map<String, Difference> now = differences(counted.holders(), truth);
            if (!now.isEmpty()) {
                seen.put(account, now);
            }
            Map<String, Difference> before = lastSeen.getOrDefault(account, Map.of());
            List<String> args = new ArrayList<>();
            List<String> repairs = new ArrayList<>();
            now.forEach((id, d) -> {
                if (d.equals(before.get(id))) {
                    args.add(id);
                    args.add(String.valueOf(d.inRedis()));
                    args.add(String.valueOf(d.inDatabase()));
                    repairs.add(id + " " + d.inRedis() + "→" + d.inDatabase());
                }
            });
            if (args.isEmpty() && counted.used() == counted.sum()) {
                if (!now.isEmpty()) {
                    LOG.debugf("vCPU quota of account %s differs from the database (%s); repaired next round if it "
                            + "still does", account, now);
                }
                return Uni.createFrom().item(false);
            }
            return eval(REPAIR, account, args).map(r -> {
                if (r.type() != ResponseType.MULTI) {
                    return false;
                }
                long changed = r.get(0).toLong();
                long usedBefore = r.get(1).toLong();
                long usedAfter = r.get(2).toLong();
                if (changed > 0) {
                    meters.counter("haneul.quota.reconciler.repairs", "quota", "vcpus", "kind", "holder")
                            .increment(changed);
                }
                if (usedBefore != usedAfter) {
                    meters.counter("haneul.quota.reconciler.repairs", "quota", "vcpus", "kind", "counter").increment();
                }
                if (changed > 0 || usedBefore != usedAfter) {
                    LOG.infof("vCPU quota of account %s repaired from the database: counter %d→%d, holders %s",
                            account, usedBefore, usedAfter, repairs.isEmpty() ? "unchanged" : repairs);
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
                d.put(id, new Difference(r, db));
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

    /** The account's holders in the database; inside the caller's transaction. */
    private static Uni<Map<String, Long>> truthOf(String account) {
        return Panache.getSession().chain(s -> s.createQuery(
                "select i.instanceId, i.vcpus from Instance i where i.accountId = :a and i.state in (:states)",
                Object[].class).setParameter("a", account).setParameter("states", VcpuQuota.HOLDING).getResultList())
                .map(rows -> {
                    Map<String, Long> truth = new HashMap<>();
                    for (Object[] r : rows) {
                        truth.put((String) r[0], ((Number) r[1]).longValue());
                    }
                    return truth;
                });
    }

    /** Accounts with a vCPU counter in Redis (an account id is 12 digits; other keys are not ours). */
    private Uni<List<String>> accountsInRedis() {
        return redis.key().scan(new KeyScanArgs().match(KEY_PATTERN).count(1000)).toMulti()
                .map(key -> {
                    int open = key.indexOf('{');
                    int close = key.indexOf('}', open);
                    return open < 0 || close < 0 ? "" : key.substring(open + 1, close);
                })
                .filter(account -> account.matches("[0-9]{12}"))
                .collect().asList();
    }

    /** What Redis counts for the account, or null when the counter is missing. */
    private Uni<Counted> counted(String account) {
        return eval(READ, account, List.of()).map(r -> {
            if (r == null || r.size() == 0) {
                return null;
            }
            Map<String, Long> holders = new HashMap<>();
            Response pairs = r.get(1);
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                holders.put(pairs.get(i).toString(), pairs.get(i + 1).toLong());
            }
            return new Counted(r.get(0).toLong(), holders);
        });
    }

    private Uni<Response> eval(String script, String account, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(script, "2", VcpuQuota.usedKey(account), VcpuQuota.holdersKey(account)));
        cmd.addAll(args);
        return redis.execute("EVAL", cmd.toArray(String[]::new));
    }
}
