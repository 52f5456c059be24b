package dev.haneul.compute.saga;

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
 * Re-sends a host command (boot, stop, destroy) that has not been answered in time — a host agent that
 * crashed may have lost it — and, after the last try, settles the instance without the host: a boot ends
 * {@code terminated} with {@code Server.InternalError}, a stop ends {@code stopped}, a destroy ends
 * {@code terminated}. One replica at a time does this (the kit's Redis lock); each step is a versioned update, so
 * two at once would still be correct, and a round without Redis is skipped.
 */
@ApplicationScoped
public class CommandWatchdog {
    static final int BATCH = 500;

    private final InstanceStore store;
    private final DistributedLocks lock;
    private final ComputeConfig config;

    public CommandWatchdog(InstanceStore store, DistributedLocks lock, ComputeConfig config) {
        this.store = store;
        this.lock = lock;
        this.config = config;
    }

    @Scheduled(every = "${haneul.saga.watchdog-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return lock.runRound("command-watchdog", Duration.ofSeconds(30), lease -> resendOverdue());
    }

    /**
     * One round: the {@value #BATCH} longest overdue instances get their next try (or are settled); a backlog
     * larger than that (a host agent down with thousands of commands) drains over the next rounds, so a round's
     * read and work stay bounded.
     */
    public Uni<Void> resendOverdue() {
        Instant cutoff = Instant.now().minus(config.saga().commandTimeout());
        return Panache.withSession(() -> Instance.<Instance>find(
                "state in ?1 and commandSentAt is not null and commandSentAt < ?2 order by commandSentAt",
                List.of(InstanceState.PENDING, InstanceState.STOPPING, InstanceState.SHUTTING_DOWN), cutoff)
                .range(0, BATCH - 1).list())
                .chain(overdue -> store.applyEach(overdue, i -> InstanceLifecycle.onCommandTimeout(i,
                        config.saga().commandTries(), Instant.now(), cutoff)));
    }
}
