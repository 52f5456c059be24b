package dev.haneul.kit.quota;

import dev.haneul.kit.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The Redis ledger of one service's account quotas, the one design every quota of Haneul is counted with: per
 * account and quota, the <em>holders</em> (resource id → amount: an instance's vCPUs, a volume's GiB, a
 * snapshot's 1) in a hash and their sum in a counter ({@code haneul:<ledger>:{<account>}:<quota>:holders} and
 * {@code :used}; all keys of an account share the hash tag {@code {<account>}}, so one script changes several of
 * its quotas at once). Every change is one Lua script (the {@code .lua} resources beside this class).
 *
 * <p>Invariants: after every script each counter is the sum of its holders; a holder's amount is absolute, so
 * a retried reservation or give-back never counts twice; only growth is checked against a limit, so a shrink is
 * always allowed; and no script creates a counter but {@link #rebuild} — a missing counter (Redis flushed or
 * restarted) answers "missing" until the service rebuilds it from its database, the truth.
 *
 * <p>The ledger knows nothing of databases: each service declares its quotas, recounts them from its database and
 * chooses how a reservation is fenced against a rebuild (compute-api checks the limit again under the account's
 * lock; volume-service holds the account's row while it reserves).
 */
public final class QuotaLedger {
    private static final Logger LOG = Logger.getLogger(QuotaLedger.class);
    private static final LuaScript RESERVE = LuaScript.named(QuotaLedger.class, "reserve");
    private static final LuaScript SYNC = LuaScript.named(QuotaLedger.class, "sync");
    private static final LuaScript REBUILD = LuaScript.named(QuotaLedger.class, "rebuild");
    private static final LuaScript READ = LuaScript.named(QuotaLedger.class, "read");
    private static final LuaScript REPAIR = LuaScript.named(QuotaLedger.class, "repair");

    /** One holder's amount. */
    public record Claim(String holder, long amount) {
    }

    /**
     * One quota's part of a reservation: its limit and its claims in order, of which at least {@code least} must
     * be granted ({@code least} = all: all or nothing; fewer: each claim in order if it fits).
     */
    public record Request(String quota, long limit, int least, List<Claim> claims) {
        /** Every claim or none. */
        public static Request all(String quota, long limit, List<Claim> claims) {
            return new Request(quota, limit, claims.size(), claims);
        }
    }

    /** The answer to a reservation. */
    public sealed interface Reservation {
    }

    /** Granted: how many claims of each quota (those already held count). */
    public record Granted(Map<String, Integer> granted) implements Reservation {
    }

    /** Refused, nothing changed: {@code quota} cannot grow by {@code growth} from {@code used}. */
    public record Exceeded(String quota, long limit, long used, long growth) implements Reservation {
    }

    /** A counter is missing: nothing changed; rebuild the account from the database and try again. */
    public record Missing() implements Reservation {
    }

    /** What Redis counts for one quota of an account: the counter and the holders. */
    public record Counted(long used, Map<String, Long> holders) {
        public long sum() {
            return holders.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One holder that differs from the database: what Redis holds and what the database says (0: nothing). */
    public record Difference(String quota, String holder, long inRedis, long inDatabase) {
    }

    /** What {@link #repair} changed: holders set, and each quota's counter before and after. */
    public record Repaired(long holders, Map<String, long[]> counters) {
        public boolean countersChanged() {
            return counters.values().stream().anyMatch(c -> c[0] != c[1]);
        }
    }

    private final ReactiveRedisDataSource redis;
    private final String name;
    private final List<String> quotas;

    /**
     * @param name   the ledger's part of the keys ({@code compute-quota}, {@code volume-quota})
     * @param quotas the quotas it counts, in a fixed order
     */
    public QuotaLedger(ReactiveRedisDataSource redis, String name, List<String> quotas) {
        this.redis = redis;
        this.name = name;
        this.quotas = List.copyOf(quotas);
    }

    public List<String> quotas() {
        return quotas;
    }

    public String usedKey(String account, String quota) {
        return "haneul:" + name + ":{" + account + "}:" + quota + ":used";
    }

    public String holdersKey(String account, String quota) {
        return "haneul:" + name + ":{" + account + "}:" + quota + ":holders";
    }

    /**
     * Sets every claim's holder to its amount if each quota grants at least its least number, else changes
     * nothing. Idempotent per holder.
     */
    public Uni<Reservation> reserve(String account, List<Request> requests) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(String.valueOf(requests.size())));
        for (Request r : requests) {
            keys.add(usedKey(account, r.quota()));
            keys.add(holdersKey(account, r.quota()));
            args.add(String.valueOf(r.limit()));
            args.add(String.valueOf(r.least()));
            args.add(String.valueOf(r.claims().size()));
            for (Claim c : r.claims()) {
                args.add(c.holder());
                args.add(String.valueOf(c.amount()));
            }
        }
        return RESERVE.eval(redis, keys, args).map(answer -> {
            long status = answer.get(0).toLong();
            if (status == -2) {
                return new Missing();
            }
            if (status > 0) {
                Request r = requests.get((int) status - 1);
                return new Exceeded(r.quota(), r.limit(), answer.get(1).toLong(), answer.get(2).toLong());
            }
            Map<String, Integer> granted = new LinkedHashMap<>();
            for (int i = 0; i < requests.size(); i++) {
                granted.put(requests.get(i).quota(), answer.get(i + 1).toInteger());
            }
            return new Granted(granted);
        });
    }

    /**
     * Sets the named holders to what {@code wanted} says they hold (quota → holder → amount; a holder absent from
     * a quota is removed from it), in every quota. Answers how many entries changed, or -2 when a counter is
     * missing (nothing changes: the rebuild reads the truth).
     */
    public Uni<Long> sync(String account, Collection<String> holders, Map<String, Map<String, Long>> wanted) {
        List<String> ids = holders.stream().distinct().toList();
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(ids.size()));
        args.addAll(ids);
        for (int q = 0; q < quotas.size(); q++) {
            for (var held : wanted.getOrDefault(quotas.get(q), Map.of()).entrySet()) {
                args.add(String.valueOf(q + 1));
                args.add(held.getKey());
                args.add(String.valueOf(held.getValue()));
            }
        }
        return SYNC.eval(redis, allKeys(account), args).map(Response::toLong);
    }

    /**
     * Rewrites the account's holders and counters from the database's {@code truth} (quota → holder → amount):
     * always ({@code force}) or only if a counter is missing. Answers -1 when nothing was missing (and nothing
     * changed), else how many quotas had drifted.
     */
    public Uni<Long> rebuild(String account, Map<String, Map<String, Long>> truth, boolean force) {
        List<String> args = new ArrayList<>(List.of(force ? "1" : "0"));
        for (String q : quotas) {
            Map<String, Long> held = truth.getOrDefault(q, Map.of());
            args.add(String.valueOf(held.size()));
            held.forEach((holder, amount) -> {
                args.add(holder);
                args.add(String.valueOf(amount));
            });
        }
        return REBUILD.eval(redis, allKeys(account), args).map(Response::toLong);
    }

    /** What Redis counts for the account, per quota, read at one instant; null when a counter is missing. */
    public Uni<Map<String, Counted>> read(String account) {
        return READ.eval(redis, allKeys(account), List.of()).map(answer -> {
            if (answer == null || answer.size() == 0) {
                return null;
            }
            Map<String, Counted> counted = new LinkedHashMap<>();
            for (int q = 0; q < quotas.size(); q++) {
                Response pairs = answer.get(q).get(1);
                Map<String, Long> holders = new LinkedHashMap<>();
                for (int i = 0; i + 1 < pairs.size(); i += 2) {
                    holders.put(pairs.get(i).toString(), pairs.get(i + 1).toLong());
                }
                counted.put(quotas.get(q), new Counted(answer.get(q).get(0).toLong(), holders));
            }
            return counted;
        });
    }

    /**
     * Sets each differing holder that still holds what was seen to the database's amount, then every counter to
     * the sum of its holders. Null when a counter is missing (nothing changes).
     */
    public Uni<Repaired> repair(String account, List<Difference> differences) {
        List<String> args = new ArrayList<>();
        for (Difference d : differences) {
            args.add(String.valueOf(quotas.indexOf(d.quota()) + 1));
            args.add(d.holder());
            args.add(String.valueOf(d.inRedis()));
            args.add(String.valueOf(d.inDatabase()));
        }
        return REPAIR.eval(redis, allKeys(account), args).map(answer -> {
            if (answer.type() != ResponseType.MULTI) {
                return null;
            }
            Map<String, long[]> counters = new LinkedHashMap<>();
            for (int q = 0; q < quotas.size(); q++) {
                counters.put(quotas.get(q), new long[] {answer.get(1 + 2 * q).toLong(), answer.get(2 + 2 * q).toLong()});
            }
            return new Repaired(answer.get(0).toLong(), counters);
        });
    }

    /** What each quota's counter says for the account (null for a missing one). */
    public Uni<Map<String, Long>> used(String account) {
        String[] keys = quotas.stream().map(q -> usedKey(account, q)).toArray(String[]::new);
        return redis.value(String.class).mget(keys).map(values -> {
            Map<String, Long> used = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                String v = values.get(keys[i]);
                used.put(quotas.get(i), v == null ? null : Long.parseLong(v));
            }
            return used;
        });
    }

    /** True when every counter of the account exists (no rebuild needed). */
    public Uni<Boolean> present(String account) {
        String[] keys = quotas.stream().map(q -> usedKey(account, q)).toArray(String[]::new);
        return redis.key().exists(keys).map(n -> n == keys.length);
    }

    /** The accounts that have keys in this ledger. */
    public Uni<Set<String>> accounts() {
        return redis.key().scan(new KeyScanArgs().match("haneul:" + name + ":{*}:*").count(1000)).toMulti()
                .map(QuotaLedger::accountOf).filter(Objects::nonNull).collect().asList()
                .map(TreeSet::new);
    }

    /**
     * One reconciliation round: {@code reconcile} each account the database ({@code inDatabase}) or this ledger
     * knows, one after the other; a failure of one account is logged and the round goes on. Answers how many
     * accounts {@code reconcile} reported repaired.
     */
    public Uni<Integer> eachAccount(Uni<? extends Collection<String>> inDatabase,
            Function<String, Uni<Boolean>> reconcile) {
        return inDatabase.chain(known -> accounts().map(inRedis -> {
            Set<String> all = new TreeSet<>(known);
            all.addAll(inRedis);
            return all;
        })).onItem().transformToMulti(Multi.createFrom()::iterable)
                .onItem().transformToUniAndConcatenate(account -> reconcile.apply(account)
                        .onFailure().invoke(e -> LOG.warnf("%s of account %s not reconciled: %s", name, account,
                                e.toString()))
                        .onFailure().recoverWithItem(false))
                .collect().asList()
                .map(repaired -> (int) repaired.stream().filter(Boolean::booleanValue).count());
    }

    private static String accountOf(String key) {
        int open = key.indexOf('{');
        int close = key.indexOf('}', open);
        return open < 0 || close < 0 ? null : key.substring(open + 1, close);
    }

    private List<String> allKeys(String account) {
        List<String> keys = new ArrayList<>();
        for (String q : quotas) {
            keys.add(usedKey(account, q));
            keys.add(holdersKey(account, q));
        }
        return keys;
    }
}
