package dev.haneul.compute.quota;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * A lease in Redis for work that one replica at a time should do (periodic sweeps). It has a TTL (a crashed
 * holder cannot block others for long), is released only by its owner, and each grant carries a fencing
 * token that increases. Correctness never rests on it alone: the database's conditional updates stay.
 */
@ApplicationScoped
public class RedisLock {
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final ReactiveRedisDataSource redis;

    public RedisLock(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** A granted lease: the owner id that releases it and its fencing token. */
    public record Lease(String name, String owner, long fencingToken) {
    }

    /** The lease, or null when another holder has it. */
    public Uni<Lease> tryAcquire(String name, Duration ttl) {
        String owner = UUID.randomUUID().toString();
        return redis.execute("SET", "haneul:lock:" + name, owner, "NX", "PX", String.valueOf(ttl.toMillis()))
                .chain(ok -> ok != null && "OK".equals(ok.toString())
                        ? redis.value(Long.class).incr("haneul:lock:" + name + ":fence")
                                .map(token -> new Lease(name, owner, token))
                        : Uni.createFrom().nullItem());
    }

    public Uni<Void> release(Lease lease) {
        if (lease == null) {
            return Uni.createFrom().voidItem();
        }
        return redis.execute("EVAL", RELEASE, "1", "haneul:lock:" + lease.name(), lease.owner()).replaceWithVoid();
    }
}
