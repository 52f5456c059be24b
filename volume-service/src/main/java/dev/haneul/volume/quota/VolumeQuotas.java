package dev.haneul.volume.quota;

import dev.haneul.volume.common.Failures;
import dev.haneul.volume.config.VolumeConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The account quotas of volume-service (GiB per volume type, number of snapshots), checked and reserved
 * atomically in Redis and rebuilt from MariaDB, the truth.
 *
 * <p>Redis keeps, per account and quota, the holders (resource id → amount: a volume's GiB, a snapshot's 1) and
 * their sum; all keys of an account share the hash tag {@code {accountId}}, so one Lua script checks and changes
 * several quotas of an account at once (a launch with volumes of several types is granted all or nothing).
 * Reserving is idempotent per holder: it sets the holder's amount, and only growth is checked against the
 * limit, so a retried step never counts twice and a shrink is always allowed.
 *
 * <p>The database is the truth, and the account's {@code quota_account} row fences Redis against losing data:
 * <ul>
 * <li>a change that reserves runs in the transaction that writes the resource: it takes the row in share mode
 * ({@link #enter}), reserves ({@link #reserve}) and holds the row until it commits;</li>
 * <li>a rebuild (the keys are missing: Redis was flushed or restarted) and the reconciler take the row
 * exclusively, so they wait until no reservation is between Redis and its commit, read the truth and rewrite the
 * holders; reservations wait meanwhile. The limit therefore holds across a flush: nothing reserved before it is
 * missed by the rebuild;</li>
 * <li>amounts are given back after the change that frees them has committed ({@link #sync}: the holders named
 * are set to what their rows say, under the account row and the rows' locks), so a counter can only be too
 * high for a moment, never too low; a crash between the two leaves a holder the reconciler removes.</li>
 * </ul>
 */
@ApplicationScoped
public class VolumeQuotas {
    private static final Logger LOG = Logger.getLogger(VolumeQuotas.class);

    /** One holder's amount in one quota: {@code quota} is a volume type or {@code snapshots}. */
    public record Claim(String quota, String holder, long amount) {
    }

    /** The limits of an account, read under its share lock in the caller's transaction. */
    public record Scope(String accountId, Map<String, Long> limits) {
    }

    /**
     * KEYS: used and holders of n quotas. ARGV: n, then per quota its limit, the number of claims and the claims
     * (holder, amount). Answers {0} when granted, {-2} when a key is missing (rebuild first), or
     * {i, used, needed} when quota i would exceed its limit; nothing changes unless everything is granted.
     */
    private static final String RESERVE = """
            local n = tonumber(ARGV[1])
            local p = 2
            local plans = {}
            for i = 1, n do
              local used = redis.call('GET', KEYS[2 * i - 1])
              if not used then return {-2, 0, 0} end
              used = tonumber(used)
              local limit, m = tonumber(ARGV[p]), tonumber(ARGV[p + 1])
              p = p + 2
              local delta, entries = 0, {}
              for j = 1, m do
                local h, a = ARGV[p], tonumber(ARGV[p + 1])
                p = p + 2
                delta = delta + a - tonumber(redis.call('HGET', KEYS[2 * i], h) or '0')
                entries[#entries + 1] = {h, a}
              end
              if delta > 0 and used + delta > limit then return {i, used, delta} end
              plans[i] = {delta, entries}
            end
            for i = 1, n do
              for _, e in ipairs(plans[i][2]) do redis.call('HSET', KEYS[2 * i], e[1], e[2]) end
              if plans[i][1] ~= 0 then redis.call('INCRBY', KEYS[2 * i - 1], plans[i][1]) end
            end
            return {0, 0, 0}
            """;

    /**
     * KEYS: used and holders of every quota. ARGV: k, k holder ids, then triples (quota index, holder, amount)
     * of what those holders should hold. Sets exactly that (absent → removed); -2 when a key is missing (the
     * rebuild will read the truth anyway), else how many entries changed.
     */
    private static final String SYNC = """
            for i = 1, #KEYS, 2 do if redis.call('EXISTS', KEYS[i]) == 0 then return -2 end end
            local k = tonumber(ARGV[1])
            local want = {}
            local p = k + 2
            while p <= #ARGV do
              want[ARGV[p] .. '|' .. ARGV[p + 1]] = tonumber(ARGV[p + 2])
              p = p + 3
            end
            local changed = 0
            for q = 1, #KEYS / 2 do
              for j = 2, k + 1 do
                local h = ARGV[j]
                local cur = tonumber(redis.call('HGET', KEYS[2 * q], h) or '0')
                local w = want[q .. '|' .. h] or 0
                if cur ~= w then
                  if w == 0 then redis.call('HDEL', KEYS[2 * q], h) else redis.call('HSET', KEYS[2 * q], h, w) end
                  redis.call('INCRBY', KEYS[2 * q - 1], w - cur)
                  changed = changed + 1
                end
              end
            end
            return changed
            """;

    /**
     * KEYS: used and holders of every quota. ARGV: force (1) or only-if-missing (0), then per quota the number of
     * holders and the holders (id, amount). Rewrites every quota's holders and sum; answers -1 when nothing was
     * missing (and not forced), else how many quotas differed from what Redis had (drift).
     */
    private static final String REBUILD = """
            if ARGV[1] == '0' then
              local missing = false
              for i = 1, #KEYS, 2 do if redis.call('EXISTS', KEYS[i]) == 0 then missing = true end end
              if not missing then return -1 end
            end
            local p = 2
            local drift = 0
            for q = 1, #KEYS / 2 do
              local m = tonumber(ARGV[p])
              p = p + 1
              local before = redis.call('GET', KEYS[2 * q - 1])
              local count = redis.call('HLEN', KEYS[2 * q])
              redis.call('DEL', KEYS[2 * q])
              local sum = 0
              for j = 1, m do
                redis.call('HSET', KEYS[2 * q], ARGV[p], ARGV[p + 1])
                sum = sum + tonumber(ARGV[p + 1])
                p = p + 2
              end
              redis.call('SET', KEYS[2 * q - 1], sum)
              if (not before) or tonumber(before) ~= sum or count ~= m then drift = drift + 1 end
            end
            return drift
            """;

    private static final String VOLUME_COLUMNS =
            "volume_id, state, volume_type, size_gib, modification_state, original_volume_type, original_size_gib";

    private final ReactiveRedisDataSource redis;
    private final Pool pool;
    private final VolumeConfig.Quotas defaults;

    public VolumeQuotas(ReactiveRedisDataSource redis, Pool pool, VolumeConfig config) {
        this.redis = redis;
        this.pool = pool;
        this.defaults = config.quotas();
    }

    static String usedKey(String accountId, String quota) {
        return "haneul:volume-quota:{" + accountId + "}:" + quota + ":used";
    }

    static String holdersKey(String accountId, String quota) {
        return "haneul:volume-quota:{" + accountId + "}:" + quota + ":holders";
    }

    /** The key pattern of every account's quota keys (the reconciler finds accounts known only to Redis). */
    static final String KEY_PATTERN = "haneul:volume-quota:{*}:*";

    /** The account id in one of the quota keys. */
    static String accountOf(String key) {
        int open = key.indexOf('{');
        int close = key.indexOf('}', open);
        return open < 0 || close < 0 ? null : key.substring(open + 1, close);
    }

    /**
     * Makes sure the account's keys exist, rebuilding them from the database if Redis lost them. Must not run
     * while the caller holds the account's row (it may take it exclusively on its own connection).
     */
    public Uni<Void> ensure(String accountId) {
        String[] used = Footprint.QUOTAS.stream().map(q -> usedKey(accountId, q)).toArray(String[]::new);
        return redis.key().exists(used).chain(n -> n == used.length ? Uni.createFrom().voidItem()
                : rebuild(accountId, false).replaceWithVoid());
    }

    /**
     * Takes the account's row in share mode (held until the caller's transaction ends; a rebuild waits for it)
     * and reads the account's limits: the admin's overrides, else the configured defaults. Must run inside the
     * Panache transaction that writes what it reserves, before any resource row is locked.
     */
    public Uni<Scope> enter(String accountId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("INSERT IGNORE INTO quota_account (account_id) VALUES (:a)")
                        .setParameter("a", accountId).executeUpdate()
                        .chain(() -> s.createNativeQuery("SELECT o.quota, o.quota_value FROM quota_account a "
                                + "LEFT JOIN quota_override o ON o.account_id = a.account_id "
                                + "WHERE a.account_id = :a LOCK IN SHARE MODE", Object[].class)
                                .setParameter("a", accountId).getResultList()))
                .map(rows -> {
                    Map<String, Long> limits = new LinkedHashMap<>();
                    Footprint.QUOTAS.forEach(q -> limits.put(q, defaults.of(q)));
                    for (Object[] r : rows) {
                        String quota = r[0] == null ? null : Footprint.quotaOf((String) r[0]);
                        if (quota != null && r[1] != null) {
                            limits.put(quota, ((Number) r[1]).longValue());
                        }
                    }
                    return new Scope(accountId, limits);
                });
    }

    /**
     * Sets each claim's holder to its amount, all or nothing, failing with {@link QuotaExceeded} when a quota would
     * grow beyond its limit and with {@link QuotaStateLost} (a conflict: retry from {@link #ensure}) when Redis lost
     * the keys since. Must run in the transaction of {@code scope}.
     */
    public Uni<Void> reserve(Scope scope, List<Claim> claims) {
        if (claims.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, List<Claim>> byQuota = claims.stream()
                .collect(Collectors.groupingBy(Claim::quota, TreeMap::new, Collectors.toList()));
        List<String> quotas = new ArrayList<>(byQuota.keySet());
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(quotas.size()));
        for (String q : quotas) {
            keys.add(usedKey(scope.accountId(), q));
            keys.add(holdersKey(scope.accountId(), q));
            args.add(String.valueOf(scope.limits().get(q)));
            args.add(String.valueOf(byQuota.get(q).size()));
            for (Claim c : byQuota.get(q)) {
                args.add(c.holder());
                args.add(String.valueOf(c.amount()));
            }
        }
        return eval(RESERVE, keys, args).map(r -> {
            long status = r.get(0).toLong();
            if (status == -2) {
                throw new QuotaStateLost(scope.accountId());
            }
            if (status > 0) {
                String quota = quotas.get((int) status - 1);
                throw QuotaExceeded.of(quota, scope.limits().get(quota), r.get(1).toLong(), r.get(2).toLong());
            }
            return null;
        }).replaceWithVoid();
    }

    /**
     * Sets the named holders of the account to what their rows say (a volume or snapshot that is gone or deleted
     * holds nothing), in its own transaction under the account's share lock and the rows' locks. Used to give an
     * amount back once the change that frees it has committed, and to return what a failed attempt reserved.
     */
    public Uni<Void> sync(String accountId, Collection<String> holders) {
        if (holders.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = holders.stream().distinct().toList();
        List<String> volumeIds = ids.stream().filter(id -> id.startsWith("vol-")).toList();
        List<String> snapshotIds = ids.stream().filter(id -> id.startsWith("snap-")).toList();
        return Uni.createFrom().deferred(() -> pool.withTransaction(conn -> shareLock(conn, accountId)
                        .chain(() -> volumeIds.isEmpty() ? Uni.createFrom().item(List.<Row>of())
                                : rows(conn, "SELECT " + VOLUME_COLUMNS + " FROM volume WHERE account_id = ? AND "
                                        + "volume_id IN (" + marks(volumeIds.size()) + ") LOCK IN SHARE MODE",
                                        accountId, volumeIds))
                        .chain(volumes -> (snapshotIds.isEmpty() ? Uni.createFrom().item(List.<Row>of())
                                : rows(conn, "SELECT snapshot_id FROM snapshot WHERE account_id = ? AND snapshot_id IN ("
                                        + marks(snapshotIds.size()) + ") LOCK IN SHARE MODE", accountId, snapshotIds))
                                .map(snapshots -> truth(volumes, snapshots)))
                        .chain(truth -> {
                            List<String> args = new ArrayList<>();
                            args.add(String.valueOf(ids.size()));
                            args.addAll(ids);
                            for (int q = 0; q < Footprint.QUOTAS.size(); q++) {
                                for (var held : truth.get(Footprint.QUOTAS.get(q)).entrySet()) {
                                    args.add(String.valueOf(q + 1));
                                    args.add(held.getKey());
                                    args.add(String.valueOf(held.getValue()));
                                }
                            }
                            return eval(SYNC, allKeys(accountId), args);
                        })))
                .onFailure(Failures::isConflict).retry().atMost(5)
                .replaceWithVoid();
    }

    /** {@link #sync} that never fails the caller: a holder left behind is removed by the reconciler. */
    public Uni<Void> giveBack(String accountId, Collection<String> holders) {
        return sync(accountId, holders).onFailure().recoverWithUni(e -> {
            LOG.warnf("quota of account %s not given back yet for %s (the reconciler will): %s", accountId, holders,
                    e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Rewrites the account's holders from the database (the truth) under the account's exclusive lock: only if
     * a key is missing, or always ({@code force}, the reconciler). Answers -1 when nothing was missing, else how
     * many quotas had drifted. Correct when several run at once (each writes the truth, one after the other).
     */
    public Uni<Long> rebuild(String accountId, boolean force) {
        return Uni.createFrom().deferred(() -> pool.withTransaction(conn -> conn.preparedQuery(
                        "INSERT INTO quota_account (account_id, generation) VALUES (?, 1) "
                                + "ON DUPLICATE KEY UPDATE generation = generation + 1")
                        .execute(Tuple.of(accountId))
                        // the first read after the exclusive lock: it sees every reservation that has committed
                        .chain(() -> rows(conn, "SELECT " + VOLUME_COLUMNS + " FROM volume WHERE account_id = ? "
                                + "AND state <> 'deleted'", accountId, List.of()))
                        .chain(volumes -> rows(conn, "SELECT snapshot_id FROM snapshot WHERE account_id = ?", accountId,
                                List.of()).map(snapshots -> truth(volumes, snapshots)))
                        .chain(truth -> {
                            List<String> args = new ArrayList<>();
                            args.add(force ? "1" : "0");
                            for (String q : Footprint.QUOTAS) {
                                Map<String, Long> held = truth.get(q);
                                args.add(String.valueOf(held.size()));
                                held.forEach((id, amount) -> {
                                    args.add(id);
                                    args.add(String.valueOf(amount));
                                });
                            }
                            return eval(REBUILD, allKeys(accountId), args).map(Response::toLong);
                        })))
                .onFailure(Failures::isConflict).retry().atMost(5)
                .invoke(drift -> {
                    if (drift > 0 && force) {
                        LOG.infof("volume quotas of account %s repaired (%d quotas had drifted)", accountId, drift);
                    } else if (drift >= 0 && !force) {
                        LOG.debugf("volume quotas of account %s rebuilt from the database", accountId);
                    }
                });
    }

    /** What Redis counts per quota for the account (null for a missing key). */
    public Uni<Map<String, Long>> used(String accountId) {
        String[] keys = Footprint.QUOTAS.stream().map(q -> usedKey(accountId, q)).toArray(String[]::new);
        return redis.value(String.class).mget(keys).map(values -> {
            Map<String, Long> used = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                String v = values.get(keys[i]);
                used.put(Footprint.QUOTAS.get(i), v == null ? null : Long.parseLong(v));
            }
            return used;
        });
    }

    private static Uni<Void> shareLock(SqlConnection conn, String accountId) {
        return conn.preparedQuery("INSERT IGNORE INTO quota_account (account_id) VALUES (?)").execute(Tuple.of(accountId))
                .chain(() -> conn.preparedQuery("SELECT account_id FROM quota_account WHERE account_id = ? "
                        + "LOCK IN SHARE MODE").execute(Tuple.of(accountId)))
                .replaceWithVoid();
    }

    private static Uni<List<Row>> rows(SqlConnection conn, String sql, String accountId, List<String> ids) {
        Tuple params = Tuple.of(accountId);
        ids.forEach(params::addString);
        return conn.preparedQuery(sql).execute(params).map(VolumeQuotas::list);
    }

    private static List<Row> list(RowSet<Row> set) {
        List<Row> rows = new ArrayList<>();
        set.forEach(rows::add);
        return rows;
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    /** quota → holder → amount, from volume rows and snapshot rows. */
    private static Map<String, Map<String, Long>> truth(List<Row> volumes, List<Row> snapshots) {
        Map<String, Map<String, Long>> truth = new HashMap<>();
        Footprint.QUOTAS.forEach(q -> truth.put(q, new LinkedHashMap<>()));
        for (Row v : volumes) {
            Footprint.ofVolume(v.getString("state"), v.getString("volume_type"), v.getInteger("size_gib"),
                            v.getString("modification_state"), v.getString("original_volume_type"),
                            v.getInteger("original_size_gib"))
                    .forEach((type, gib) -> truth.computeIfAbsent(type, t -> new LinkedHashMap<>())
                            .put(v.getString("volume_id"), gib));
        }
        for (Row s : snapshots) {
            truth.get(Footprint.SNAPSHOTS).put(s.getString("snapshot_id"), 1L);
        }
        return truth;
    }

    private static List<String> allKeys(String accountId) {
        List<String> keys = new ArrayList<>();
        for (String q : Footprint.QUOTAS) {
            keys.add(usedKey(accountId, q));
            keys.add(holdersKey(accountId, q));
        }
        return keys;
    }

    private Uni<Response> eval(String script, List<String> keys, List<String> args) {
        String[] cmd = new String[2 + keys.size() + args.size()];
        cmd[0] = script;
        cmd[1] = String.valueOf(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            cmd[2 + i] = keys.get(i);
        }
        for (int i = 0; i < args.size(); i++) {
            cmd[2 + keys.size() + i] = args.get(i);
        }
        return redis.execute("EVAL", cmd);
    }
}
