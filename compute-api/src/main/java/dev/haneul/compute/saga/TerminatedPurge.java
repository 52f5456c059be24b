package dev.haneul.compute.saga;

import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.quota.RedisLock;
import dev.haneul.compute.tag.ResourceTag;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Terminated instances stay listed for the visibility window (about an hour, as EC2 does), then this periodic
 * job deletes them and their tags. One replica at a time does it (a Redis lease).
 */
@ApplicationScoped
public class TerminatedPurge {
    private static final Logger LOG = Logger.getLogger(TerminatedPurge.class);
    private static final int BATCH = 500;

    private final RedisLock lock;
    private final ComputeConfig config;

    public TerminatedPurge(RedisLock lock, ComputeConfig config) {
        this.lock = lock;
        this.config = config;
    }

    @Scheduled(every = "${haneul.saga.purge-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return lock.tryAcquire("compute-terminated-purge", Duration.ofSeconds(60))
                .chain(lease -> lease == null ? Uni.createFrom().voidItem()
                        : purge(Instant.now().minus(config.saga().terminatedVisibility())).replaceWithVoid()
                                .eventually(() -> lock.release(lease)))
                .onFailure().invoke(e -> LOG.warnf("terminated purge skipped a round: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes (a batch of) the instances terminated before {@code before}; answers how many. */
    public Uni<Integer> purge(Instant before) {
        return Panache.withTransaction(() -> Instance.<Instance>find(
                "state = ?1 and terminatedAt < ?2", InstanceState.TERMINATED, before).range(0, BATCH - 1).list()
                .chain(gone -> {
                    if (gone.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    var ids = gone.stream().map(i -> i.instanceId).toList();
                    return ResourceTag.delete("resourceId in ?1", ids)
                            .chain(() -> dev.haneul.compute.address.InstanceAddress.delete("instanceId in ?1", ids))
                            .chain(() -> Instance.delete("instanceId in ?1", ids))
                            .map(Long::intValue);
                }));
    }
}
