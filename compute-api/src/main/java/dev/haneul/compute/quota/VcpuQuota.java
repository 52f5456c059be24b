package dev.haneul.compute.quota;

import dev.haneul.compute.instance.InstanceState;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.lock.AccountLock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The running on-demand vCPU quota of each account, counted over the instances that hold capacity (pending,
 * running, stopping, shutting-down). Redis keeps, per account, the holders (instance id → vCPUs) and their
 * sum; every change is one atomic Lua script, and both reserve and release are idempotent per instance, so a
 * retried step never counts twice. A launch is granted as many instances as fit between its minimum and
 * maximum, or none. MariaDB is the truth: when Redis lost the account's keys they are rebuilt from the
 * instance table before use, and the launch's transaction checks the limit again in the database under the
 * account's lock ({@link #checkInDatabase}), so a flush between a reservation and its commit cannot let the
 * limit slip; {@link #confirm} then records the committed instances in Redis if it lost them.
 */
@ApplicationScoped
public class VcpuQuota {
    private static final String RESERVE = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return -2 end
            local used = tonumber(redis.call('GET', KEYS[1]))
            local per, min, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local granted, fresh = 0, {}
            for i = 4, #ARGV do
              if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 1 then granted = granted + 1
              else table.insert(fresh, ARGV[i]) end
            end
            local room = math.floor((limit - used) / per)
            local take = math.min(room, #fresh)
            if take < 0 then take = 0 end
            if granted + take < min then return -1 end
            for i = 1, take do redis.call('HSET', KEYS[2], fresh[i], per) end
            redis.call('INCRBY', KEYS[1], take * per)
            return granted + take
            """;
    private static final String RELEASE = """
            local v = redis.call('HGET', KEYS[2], ARGV[1])
            if not v then return 0 end
            redis.call('HDEL', KEYS[2], ARGV[1])
            local left = tonumber(redis.call('GET', KEYS[1]) or '0') - tonumber(v)
            if left < 0 then left = 0 end
            redis.call('SET', KEYS[1], left)
            return 1
            """;
    /** Records committed holders that Redis does not know (lost in a flush before their commit). */
    private static final String CONFIRM = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return -2 end
            local per, added = tonumber(ARGV[1]), 0
            for i = 2, #ARGV do
              if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 0 then
                redis.call('HSET', KEYS[2], ARGV[i], per)
                added = added + 1
              end
            end
            if added > 0 then redis.call('INCRBY', KEYS[1], added * per) end
            return added
            """;
    private static final String REBUILD = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('DEL', KEYS[2])
            local sum = 0
            for i = 1, #ARGV, 2 do
              redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
              sum = sum + tonumber(ARGV[i + 1])
            end
            redis.call('SET', KEYS[1], sum)
            return 1
            """;

    static final List<InstanceState> HOLDING = List.of(InstanceState.PENDING, InstanceState.RUNNING,
            InstanceState.STOPPING, InstanceState.SHUTTING_DOWN);

    private final ReactiveRedisDataSource redis;
    private final AccountQuotas quotas;

    public VcpuQuota(ReactiveRedisDataSource redis, AccountQuotas quotas) {
        this.redis = redis;
        this.quotas = quotas;
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
        List<String> args = new ArrayList<>(List.of(String.valueOf(perInstance)));
        args.addAll(instanceIds);
        return eval(CONFIRM, accountId, args).chain(n -> n == -2
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
        List<String> args = new ArrayList<>(List.of(String.valueOf(perInstance), String.valueOf(min),
                String.valueOf(limit)));
        args.addAll(instanceIds);
        return eval(RESERVE, accountId, args).chain(n -> {
            if (n == -2) {
                return rebuild(accountId).chain(() -> reserve(accountId, perInstance, min, instanceIds, limit));
            }
            if (n < 0) {
                return Uni.createFrom().failure(exceeded(limit));
            }
            return Uni.createFrom().item(n.intValue());
        });
    }

    /** Gives back what the instance holds; does nothing if it holds nothing. */
    public Uni<Void> release(String accountId, String instanceId) {
        return eval(RELEASE, accountId, List.of(instanceId)).replaceWithVoid();
    }

    /** vCPUs currently counted against the account (rebuilt from the database if Redis lost them). */
    public Uni<Long> used(String accountId) {
        return redis.value(Long.class).get(usedKey(accountId))
                .chain(v -> v != null ? Uni.createFrom().item(v) : rebuild(accountId).chain(() -> used(accountId)));
    }

    /** Recomputes the account's keys from the database (the truth) if they are missing. */
    public Uni<Void> rebuild(String accountId) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createQuery(
                "select i.instanceId, i.vcpus from Instance i where i.accountId = :a and i.state in (:states)",
                Object[].class)
                .setParameter("a", accountId)
                .setParameter("states", HOLDING)
                .getResultList()))
                .chain(rows -> {
                    List<String> args = new ArrayList<>();
                    for (Object[] r : rows) {
                        args.add((String) r[0]);
                        args.add(String.valueOf(r[1]));
                    }
                    return eval(REBUILD, accountId, args);
                })
                .replaceWithVoid();
    }

    static String usedKey(String accountId) {
        return "haneul:quota:{" + accountId + "}:vcpus";
    }

    static String holdersKey(String accountId) {
        return "haneul:quota:{" + accountId + "}:vcpu-holders";
    }

    private Uni<Long> eval(String script, String accountId, List<String> args) {
        String[] cmd = new String[4 + args.size()];
        cmd[0] = script;
        cmd[1] = "2";
        cmd[2] = usedKey(accountId);
        cmd[3] = holdersKey(accountId);
        for (int i = 0; i < args.size(); i++) {
            cmd[4 + i] = args.get(i);
        }
        return redis.execute("EVAL", cmd).map(r -> r.toLong());
    }
}
