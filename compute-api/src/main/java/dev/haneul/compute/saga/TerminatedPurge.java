package dev.haneul.compute.saga;

import dev.haneul.compute.address.InstanceAddress;
import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.compute.tag.ResourceTag;
import dev.haneul.kit.lock.DistributedLocks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Terminated instances stay listed for the visibility window (about an hour, as EC2 does), then this periodic
 * job deletes them and their tags. One replica at a time does it (the kit's Redis lock); two at once would
 * still be correct (each deletes what is there), and a round without Redis is skipped.
 */
@ApplicationScoped
public class TerminatedPurge {
    private static final int BATCH = 500;

    private final DistributedLocks lock;
    private final ComputeConfig config;

    public TerminatedPurge(DistributedLocks lock, ComputeConfig config) {
        this.lock = lock;
        this.config = config;
    }

    @Scheduled(every = "${haneul.saga.purge-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return lock.runRound("terminated-purge", Duration.ofSeconds(60),
                lease -> purge(Instant.now().minus(config.saga().terminatedVisibility())));
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
                            .chain(() -> InstanceAddress.delete("instanceId in ?1", ids))
                            .chain(() -> Instance.delete("instanceId in ?1", ids))
                            .map(Long::intValue);
                }));
    }
}
