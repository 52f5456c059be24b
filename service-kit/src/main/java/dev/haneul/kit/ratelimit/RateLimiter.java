package dev.haneul.kit.ratelimit;

import dev.haneul.kit.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * EC2-style API rate limits: one token bucket per account and action class, kept in Redis so every replica of
 * every service draws from the same bucket. A bucket holds {@code capacity} tokens, refills
 * {@code refill-per-second} tokens a second, and each request takes one; an empty bucket refuses with the time
 * until the next token. The refill is computed in the Lua script from Redis's own clock, so replicas with skewed
 * clocks agree.
 *
 * <p>Configuration (defaults are EC2's: describe 100/20, mutating 50/5, launch 5/2):
 * {@code haneul.rate-limits.enabled}, {@code haneul.rate-limits.<class>.capacity},
 * {@code haneul.rate-limits.<class>.refill-per-second}.
 *
 * <p>When Redis cannot be reached the request is allowed (and logged): a rate limit protects the control plane,
 * it must not take the API down with Redis. Quotas, which must never slip, do not fail open.
 */
@ApplicationScoped
public class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private static final LuaScript TAKE = LuaScript.named(RateLimiter.class, "take");

    /** The verdict on one request. */
    public record Decision(boolean allowed, long retryAfterMillis) {
        static final Decision ALLOW = new Decision(true, 0);

        /** The wait a refusal's {@code Retry-After} states: whole seconds, rounded up, at least one. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfterMillis + 999) / 1000);
        }
    }

    /** One bucket's size, as configured for an action class. */
    private record Bucket(String name, String capacity, String refillPerSecond) {
    }

    private final ReactiveRedisDataSource redis;
    private final boolean enabled;
    private final Map<ActionClass, Bucket> buckets = new EnumMap<>(ActionClass.class);

    /** The configuration is read once here, not on every request. */
    public RateLimiter(ReactiveRedisDataSource redis, Config config) {
        this.redis = redis;
        this.enabled = config.getOptionalValue("haneul.rate-limits.enabled", Boolean.class).orElse(true);
        for (ActionClass c : ActionClass.values()) {
            String name = c.name().toLowerCase(Locale.ROOT);
            int capacity = config.getOptionalValue("haneul.rate-limits." + name + ".capacity", Integer.class)
                    .orElse(c.capacity);
            double refill = config.getOptionalValue("haneul.rate-limits." + name + ".refill-per-second",
                    Double.class).orElse(c.refillPerSecond);
            buckets.put(c, new Bucket(name, String.valueOf(capacity), String.valueOf(refill)));
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Takes one token from the account's bucket of the action class. */
    public Uni<Decision> take(String accountId, ActionClass actionClass) {
        Bucket b = buckets.get(actionClass);
        return takeFrom("haneul:rate:" + accountId + ":" + b.name(), b.capacity(), b.refillPerSecond());
    }

    /**
     * Takes one token from a bucket that is not an account's (e.g. the token endpoint's, per source address and
     * per access key id): {@code name} is the bucket's key under {@code haneul:rate:}.
     */
    public Uni<Decision> take(String name, int capacity, double refillPerSecond) {
        return takeFrom("haneul:rate:" + name, String.valueOf(capacity), String.valueOf(refillPerSecond));
    }

    private Uni<Decision> takeFrom(String key, String capacity, String refillPerSecond) {
        return TAKE.eval(redis, List.of(key), List.of(capacity, refillPerSecond))
                .map(RateLimiter::decision)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("rate limit not checked (Redis unavailable: %s); request allowed", e.toString());
                    return Decision.ALLOW;
                });
    }

    private static Decision decision(Response r) {
        boolean allowed = r.get(0).toLong() == 1L;
        return allowed ? Decision.ALLOW : new Decision(false, r.get(1).toLong());
    }
}
