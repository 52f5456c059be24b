package dev.haneul.compute.quota;

import dev.haneul.compute.instance.InstanceState;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.quota.QuotaLedger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running on-demand vCPU quota of each account, counted over the instances that hold capacity (pending,
 * running, stopping, shutting-down), in the kit's {@link QuotaLedger} (quota {@code vcpus}: instance id → vCPUs;
 * every change one atomic script, reserve and release idempotent per instance, so a retried step never counts
 * twice). A launch is granted as many instances as fit between its minimum and maximum, or none. MariaDB is the truth: when Redis lost the account's keys they are rebuilt from the
 * instance table before use, and the launch's transaction checks the limit again in the database under the
 * account's lock ({@link #checkInDatabase}), so a flush between a reservation and its commit cannot let the
 * limit slip; {@link #confirm} then records the committed instances in Redis if it lost them.
 */
@ApplicationScoped
public class VcpuQuota {
    /** The one quota of compute-api's ledger. */
    static final String VCPUS = "vcpus";

    static final List<InstanceState> HOLDING = List.of(InstanceState.PENDING, InstanceState.RUNNING,
            InstanceState.STOPPING, InstanceState.SHUTTING_DOWN);

    private final QuotaLedger ledger;
    private final AccountQuotas quotas;

    public VcpuQuota(ReactiveRedisDataSource redis, AccountQuotas quotas) {
        this.ledger = new QuotaLedger(redis, "compute-quota", List.of(VCPUS));
        this.quotas = quotas;
    }

    /** The Redis ledger the reconciler compares with the database. */
    QuotaLedger ledger() {
        return ledger;
    }

    /** The account's vCPU limit: its override ({@code PUT /v1/accounts/{id}/quotas}), else the default. */
    public Uni<Long> limit(String accountId) {
        return Panache.withSession(() -> quotas.limit(accountId, QuotaKeys.VCPUS));
    }

    public static ApiException exceeded(long limit) {
        return new ApiException(400, "VcpuLimitExceeded",
                "You have requested more vCPU capacity than your current vCPU limit of " + limit
                        + " allows for the instance bucket that the specified instance type belongs to. "
                        + "Please visit the quotas page to request an adjustment to this limit.");
    }

    /**
     * The database's check, the one that holds even when Redis lost its keys: inside the launch's transaction,
     * after {@link AccountLock#lock}, {@code adding} more vCPUs must fit under the limit with every instance that
     * holds capacity. Fails with {@code VcpuLimitExceeded}.
     */
    public Uni<Void> checkInDatabase(String accountId, long adding) {
        return quotas.limit(accountId, QuotaKeys.VCPUS).chain(limit -> Panache.getSession().chain(s -> s.createQuery(
                "select coalesce(sum(i.vcpus), 0) from Instance i where i.accountId = :a and i.state in (:states)",
                Long.class).setParameter("a", accountId).setParameter("states", HOLDING).getSingleResult())
                .map(used -> {
                    if (used + adding > limit) {
                        throw exceeded(limit);
                    }
                    return null;
                }));
    }

    /**
     * After a launch committed: makes sure Redis counts its instances (a flush between the reservation and the
     * commit lost them, and a rebuild that read the database before the commit did not see them). Idempotent.
     */
    public Uni<Void> confirm(String accountId, int perInstance, List<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Long> held = new LinkedHashMap<>();
        instanceIds.forEach(id -> held.put(id, (long) perInstance));
        return ledger.sync(accountId, instanceIds, Map.of(VCPUS, held)).chain(n -> n == -2
                ? rebuild(accountId).chain(() -> confirm(accountId, perInstance, instanceIds))
                : Uni.createFrom().voidItem());
    }

    /**
     * Reserves {@code perInstance} vCPUs for as many of {@code instanceIds} as fit (in order), at least
     * {@code min}; answers how many were granted (ids already holding count as granted). Fails with
     * {@code VcpuLimitExceeded} when not even {@code min} fit. Must not run inside a database transaction.
     */
    public Uni<Integer> reserve(String accountId, int perInstance, int min, List<String> instanceIds) {
        return limit(accountId).chain(limit -> reserve(accountId, perInstance, min, instanceIds, limit));
    }

    private Uni<Integer> reserve(String accountId, int perInstance, int min, List<String> instanceIds, long limit) {
        List<QuotaLedger.Claim> claims = instanceIds.stream().map(id -> new QuotaLedger.Claim(id, perInstance)).toList();
        return ledger.reserve(accountId, List.of(new QuotaLedger.Request(VCPUS, limit, min, claims)))
                .chain(answer -> {
                    if (answer instanceof QuotaLedger.Granted g) {
                        return Uni.createFrom().item(g.granted().get(VCPUS));
                    }
                    if (answer instanceof QuotaLedger.Missing) {
                        return rebuild(accountId).chain(() -> reserve(accountId, perInstance, min, instanceIds, limit));
                    }
                    return Uni.createFrom().failure(exceeded(limit));
                });
    }

    /** Gives back what the instance holds; does nothing if it holds nothing (or Redis lost the account). */
    public Uni<Void> release(String accountId, String instanceId) {
        return ledger.sync(accountId, List.of(instanceId), Map.of()).replaceWithVoid();
    }

    /** vCPUs currently counted against the account (rebuilt from the database if Redis lost them). */
    public Uni<Long> used(String accountId) {
        return ledger.used(accountId).map(used -> used.get(VCPUS))
                .chain(v -> v != null ? Uni.createFrom().item(v) : rebuild(accountId).chain(() -> used(accountId)));
    }

    /** Recomputes the account's keys from the database (the truth) if they are missing. */
    public Uni<Void> rebuild(String accountId) {
        return Panache.withSession(() -> truthOf(accountId))
                .chain(truth -> ledger.rebuild(accountId, Map.of(VCPUS, truth), false))
                .replaceWithVoid();
    }

    /** The account's holders in the database (instance id → vCPUs); in the caller's session. */
    static Uni<Map<String, Long>> truthOf(String accountId) {
        return Panache.getSession().chain(s -> s.createQuery(
                "select i.instanceId, i.vcpus from Instance i where i.accountId = :a and i.state in (:states)",
                Object[].class).setParameter("a", accountId).setParameter("states", HOLDING).getResultList())
                .map(rows -> {
                    Map<String, Long> truth = new HashMap<>();
                    for (Object[] r : rows) {
                        truth.put((String) r[0], ((Number) r[1]).longValue());
                    }
                    return truth;
                });
    }
}
