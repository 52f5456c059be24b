package dev.haneul.kit.lock;

import dev.haneul.kit.redis.LuaScript;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Named locks in Redis for work that one replica at a time should do (reconcilers, sweeps, audits).
 *
 * <ul>
 * <li>A lock is granted with {@code SET NX PX}: it expires after its TTL, so a crashed holder blocks nobody for
 * long.</li>
 * <li>Only its owner (a random id per grant) releases or renews it: both are compare-and-act Lua scripts, so a
 * holder whose lease expired and went to someone else cannot release or extend the new owner's lease.</li>
 * <li>Every grant carries a fencing token, larger than every earlier token of the same name: the largest of the
 * last token plus one and Redis's clock in microseconds, so tokens keep increasing even after Redis lost its
 * data (it keeps nothing on disk), as long as its clock does not go back. Microseconds, not milliseconds: a grant
 * (one script run) takes longer than a microsecond, so a token never runs ahead of the clock, and the first token
 * after a loss is the clock, larger than every earlier one; in milliseconds, grants faster than one per
 * millisecond ran the tokens ahead and the first token after a loss went back.</li>
 * <li>Keys are {@code haneul:lock:<quarkus.application.name>:{<name>}} (and {@code …:fence}), so services
 * sharing a Redis never share a lock by accident.</li>
 * </ul>
 *
 * <p>{@link #runExclusively} is the usual entry: it runs the work only when the lock is granted, renews the
 * lease every third of its TTL while the work runs, releases it afterwards, and otherwise reports the run as
 * skipped. When Redis cannot be reached the run is skipped too (logged, counted): a periodic job simply runs
 * next time. That is why nothing whose correctness matters may rest on a lock alone: the guarded work must be
 * correct if two replicas run it at once (database constraints and conditional updates), the lock only saves
 * the duplicate effort. Runs are counted in {@code haneul.lock.runs} by lock and outcome.
 */
@ApplicationScoped
public class DistributedLocks {
    private static final Logger LOG = Logger.getLogger(DistributedLocks.class);

    private static final LuaScript ACQUIRE = LuaScript.named(DistributedLocks.class, "acquire");
    private static final LuaScript RELEASE = LuaScript.named(DistributedLocks.class, "release");
    private static final LuaScript RENEW = LuaScript.named(DistributedLocks.class, "renew");

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final String prefix;

    @Inject
    public DistributedLocks(ReactiveRedisDataSource redis, Vertx vertx, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.redis = redis;
        this.vertx = vertx;
        this.meters = meters;
        this.prefix = "haneul:lock:" + service + ":";
    }

    /** The lease, or empty when another owner holds the lock; fails when Redis cannot be reached. */
    public Uni<Optional<Lease>> tryAcquire(String name, Duration ttl) {
        String owner = UUID.randomUUID().toString();
        return ACQUIRE.eval(redis, List.of(key(name), key(name) + ":fence"), List.of(owner, millis(ttl)))
                .map(r -> {
                    long token = r.toLong();
                    return token < 0 ? Optional.<Lease>empty() : Optional.of(new Lease(name, owner, token));
                });
    }

    /** Releases the lease if it is still its owner's; answers whether it was. */
    public Uni<Boolean> release(Lease lease) {
        return RELEASE.eval(redis, List.of(key(lease.name())), List.of(lease.owner())).map(r -> r.toLong() == 1);
    }

    /** Sets the lease's TTL to {@code ttl} from now if it is still its owner's; answers whether it was. */
    public Uni<Boolean> renew(Lease lease, Duration ttl) {
        return RENEW.eval(redis, List.of(key(lease.name())), List.of(lease.owner(), millis(ttl)))
                .map(r -> r.toLong() == 1);
    }

    /**
     * Runs {@code work} if the lock is granted, keeping the lease alive while it runs and releasing it after;
     * otherwise answers a skipped run without running it (another owner holds the lock, or Redis cannot be
     * reached). A failure of the work is the returned Uni's failure, after the release.
     */
    public <T> Uni<LockedRun<T>> runExclusively(String name, Duration ttl, Function<Lease, Uni<T>> work) {
        return tryAcquire(name, ttl).onItemOrFailure().transformToUni((granted, failure) -> {
            if (failure != null) {
                LOG.warnf("%s skipped: Redis unavailable for its lock (%s); it runs next time", name, failure.toString());
                count(name, "redis-unavailable");
                return Uni.createFrom().item(LockedRun.<T>skipped(LockedRun.Status.REDIS_UNAVAILABLE, failure.toString()));
            }
            if (granted.isEmpty()) {
                LOG.debugf("%s skipped: another owner holds its lock", name);
                count(name, "held-elsewhere");
                return Uni.createFrom().item(LockedRun.<T>skipped(LockedRun.Status.HELD_ELSEWHERE,
                        "another owner holds the lock " + name));
            }
            Lease lease = granted.get();
            long timer = keepAlive(lease, ttl);
            return Uni.createFrom().deferred(() -> work.apply(lease))
                    .eventually(() -> {
                        vertx.cancelTimer(timer);
                        return release(lease).onFailure().recoverWithItem(e -> {
                            LOG.warnf("lock %s not released (%s); it expires after its TTL", name, e.toString());
                            return false;
                        });
                    })
                    .onItem().invoke(() -> count(name, "ran"))
                    .onFailure().invoke(() -> count(name, "failed"))
                    .map(LockedRun::completed);
        });
    }

    /**
     * One round of a periodic job ({@code @Scheduled}) under the lock: {@link #runExclusively}, and a failure of
     * the work is logged as {@code "<name> skipped a round"} and swallowed, because the next round retries it;
     * so the scheduler never sees a failed round and every job says the same when it misses one.
     */
    public <T> Uni<Void> runRound(String name, Duration ttl, Function<Lease, Uni<T>> work) {
        return runExclusively(name, ttl, work)
                .invoke(run -> LOG.debugf("%s: %s", name, run))
                .onFailure().invoke(e -> LOG.warnf("%s skipped a round, the next one retries: %s", name, e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Renews the lease every third of its TTL until cancelled, or until it turns out lost. */
    private long keepAlive(Lease lease, Duration ttl) {
        return vertx.setPeriodic(Math.max(1, ttl.toMillis() / 3), id -> renew(lease, ttl).subscribe().with(held -> {
            if (!held) {
                vertx.cancelTimer(id);
                LOG.warnf("lock %s (fencing token %d) expired while its work was running", lease.name(),
                        lease.fencingToken());
            }
        }, e -> LOG.debugf("lock %s not renewed this time: %s", lease.name(), e.toString())));
    }

    private void count(String name, String outcome) {
        meters.counter("haneul.lock.runs", "lock", name, "outcome", outcome).increment();
    }

    private String key(String name) {
        return prefix + "{" + name + "}";
    }

    private static String millis(Duration ttl) {
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("a lock's TTL must be at least a millisecond: " + ttl);
        }
        return String.valueOf(ttl.toMillis());
    }
}
