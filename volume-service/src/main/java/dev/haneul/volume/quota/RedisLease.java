package dev.haneul.volume.quota;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * A lease in Redis ({@code SET NX PX}) for periodic work one replica at a time should do. It expires (a crashed
 * holder blocks nobody for long) and only its owner releases it. An optimisation only: the work it guards is
 * correct when two replicas run it at once.
 */
@ApplicationScoped
public class RedisLease {
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final ReactiveRedisDataSource redis;

    public RedisLease(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** The owner token of the granted lease, or null when another holder has it. */
    public Uni<String> tryAcquire(String name, Duration ttl) {
        String owner = UUID.randomUUID().toString();
        return redis.execute("SET", key(name), owner, "NX", "PX", String.valueOf(ttl.toMillis()))
                .map(ok -> ok != null && "OK".equals(ok.toString()) ? owner : null);
    }

    public Uni<Void> release(String name, String owner) {
        return owner == null ? Uni.createFrom().voidItem()
                : redis.execute("EVAL", RELEASE, "1", key(name), owner).replaceWithVoid();
    }

    private static String key(String name) {
        return "haneul:lease:" + name;
    }
}
