package dev.haneul.compute.saga;

import dev.haneul.compute.catalog.InstanceType;
import dev.haneul.compute.catalog.InstanceTypeCatalog;
import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.kit.lock.DistributedLocks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The deadline of the launch's steps before the boot: a pending instance whose schedule, network or volumes
 * step has not answered its attempt's {@code InstanceRequested} within {@code haneul.saga.step-timeout} gets the
 * request published again, and after {@code haneul.saga.step-tries} requests ends {@code terminated} with
 * {@code Server.InternalError} ({@link InstanceLifecycle#onStepTimeout}), so no instance stays pending forever
 * because an event was lost, dead-lettered or a participant was down for hours. From the boot on, the
 * {@link CommandWatchdog} keeps the deadline. One replica at a time (the kit's Redis lock); each step is a
 * versioned update, so two at once would still be correct.
 */
@ApplicationScoped
public class StepWatchdog {
    static final int BATCH = 500;

    private final InstanceStore store;
    private final DistributedLocks lock;
    private final ComputeConfig config;
    private final InstanceTypeCatalog types;

    public StepWatchdog(InstanceStore store, DistributedLocks lock, ComputeConfig config, InstanceTypeCatalog types) {
        this.store = store;
        this.lock = lock;
        this.config = config;
        this.types = types;
    }

    @Scheduled(every = "${haneul.saga.watchdog-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return lock.runRound("step-watchdog", Duration.ofSeconds(30), lease -> requestOverdue());
    }

    /** One round: the {@value #BATCH} longest overdue instances get their next request (or are given up). */
    public Uni<Void> requestOverdue() {
        Instant cutoff = Instant.now().minus(config.saga().stepTimeout());
        return Panache.withSession(() -> Instance.<Instance>find(
                "state = ?1 and commandSentAt is null and stepsSentAt < ?2 order by stepsSentAt",
                InstanceState.PENDING, cutoff).range(0, BATCH - 1).list())
                .chain(overdue -> store.applyEach(overdue, i -> {
                    InstanceType type = types.find(i.instanceType).orElseThrow();
                    return InstanceLifecycle.onStepTimeout(i, config.saga().stepTries(), type.family(), type.gpus(),
                            Instant.now(), cutoff);
                }));
    }
}
