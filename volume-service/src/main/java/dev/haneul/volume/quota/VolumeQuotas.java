package dev.haneul.volume.quota;

import dev.haneul.kit.quota.QuotaLedger;
import dev.haneul.kit.retry.LostRace;
import dev.haneul.volume.config.VolumeConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
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
 * <p>Redis keeps them in the kit's {@link QuotaLedger} (per account and quota, the holders, resource id → amount:
 * a volume's GiB, a snapshot's 1, and their sum), which checks and changes several quotas of an account at once
 * (a launch with volumes of several types is granted all or nothing).
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

    private static final String VOLUME_COLUMNS =
            "volume_id, state, volume_type, size_gib, modification_state, original_volume_type, original_size_gib";

    private final QuotaLedger ledger;
    private final Pool pool;
    private final VolumeConfig.Quotas defaults;

    public VolumeQuotas(ReactiveRedisDataSource redis, Pool pool, VolumeConfig config) {
        this.ledger = new QuotaLedger(redis, "volume-quota", Footprint.QUOTAS);
        this.pool = pool;
        this.defaults = config.quotas();
    }

    /** The Redis ledger of volume-service's quotas (the reconciler walks its accounts). */
    QuotaLedger ledger() {
        return ledger;
    }

    /**
     * Makes sure the account's keys exist, rebuilding them from the database if Redis lost them. Must not run
     * while the caller holds the account's row (it may take it exclusively on its own connection).
     */
    public Uni<Void> ensure(String accountId) {
        return ledger.present(accountId).chain(present -> present ? Uni.createFrom().voidItem()
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
        Map<String, List<QuotaLedger.Claim>> byQuota = claims.stream().collect(Collectors.groupingBy(Claim::quota,
                TreeMap::new, Collectors.mapping(c -> new QuotaLedger.Claim(c.holder(), c.amount()), Collectors.toList())));
        List<QuotaLedger.Request> requests = byQuota.entrySet().stream()
                .map(e -> QuotaLedger.Request.all(e.getKey(), scope.limits().get(e.getKey()), e.getValue())).toList();
        return ledger.reserve(scope.accountId(), requests).map(answer -> {
            if (answer instanceof QuotaLedger.Missing) {
                throw new QuotaStateLost(scope.accountId());
            }
            if (answer instanceof QuotaLedger.Exceeded e) {
                throw QuotaExceeded.of(e.quota(), e.limit(), e.used(), e.growth());
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
        return LostRace.retried(() -> pool.withTransaction(conn -> shareLock(conn, accountId)
                        .chain(() -> volumeIds.isEmpty() ? Uni.createFrom().item(List.<Row>of())
                                : rows(conn, "SELECT " + VOLUME_COLUMNS + " FROM volume WHERE account_id = ? AND "
                                        + "volume_id IN (" + marks(volumeIds.size()) + ") LOCK IN SHARE MODE",
                                        accountId, volumeIds))
                        .chain(volumes -> (snapshotIds.isEmpty() ? Uni.createFrom().item(List.<Row>of())
                                : rows(conn, "SELECT snapshot_id FROM snapshot WHERE account_id = ? AND snapshot_id IN ("
                                        + marks(snapshotIds.size()) + ") LOCK IN SHARE MODE", accountId, snapshotIds))
                                .map(snapshots -> truth(volumes, snapshots)))
                        .chain(truth -> ledger.sync(accountId, ids, truth))))
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
        return LostRace.retried(() -> pool.withTransaction(conn -> conn.preparedQuery(
                        "INSERT INTO quota_account (account_id, generation) VALUES (?, 1) "
                                + "ON DUPLICATE KEY UPDATE generation = generation + 1")
                        .execute(Tuple.of(accountId))
                        // the first read after the exclusive lock: it sees every reservation that has committed
                        .chain(() -> rows(conn, "SELECT " + VOLUME_COLUMNS + " FROM volume WHERE account_id = ? "
                                + "AND state <> 'deleted'", accountId, List.of()))
                        .chain(volumes -> rows(conn, "SELECT snapshot_id FROM snapshot WHERE account_id = ?", accountId,
                                List.of()).map(snapshots -> truth(volumes, snapshots)))
                        .chain(truth -> ledger.rebuild(accountId, truth, force))))
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
        return ledger.used(accountId);
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
}
