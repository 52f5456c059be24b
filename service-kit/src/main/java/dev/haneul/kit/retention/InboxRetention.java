package dev.haneul.kit.retention;

import dev.haneul.kit.lock.DistributedLocks;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps every service's {@code consumed_event} (the inbox that makes its consumers idempotent) from growing forever:
 * every {@code haneul.inbox.prune-interval} it deletes the ids consumed more than {@code haneul.inbox.retention}
 * ago. The retention must be longer than Kafka's (7 days in every deployment of Haneul): an event can only be
 * redelivered while Kafka still holds it, so an id older than that can never be seen again. One replica at a time
 * (the kit's lock), in bounded batches ({@link TablePruner}); a run without Redis is skipped.
 */
@ApplicationScoped
public class InboxRetention {
    private static final String LOCK = "inbox-retention";

    private final TablePruner pruner;
    private final DistributedLocks locks;
    private final Duration retention;
    private final int batch;

    public InboxRetention(TablePruner pruner, DistributedLocks locks,
            @ConfigProperty(name = "haneul.inbox.retention", defaultValue = "14d") Duration retention,
            @ConfigProperty(name = "haneul.inbox.prune-batch", defaultValue = "5000") int batch) {
        this.pruner = pruner;
        this.locks = locks;
        this.retention = retention;
        this.batch = batch;
    }

    @Scheduled(every = "${haneul.inbox.prune-interval:10m}", delayed = "${haneul.inbox.prune-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return locks.runRound(LOCK, Duration.ofMinutes(1), lease -> prune());
    }

    /** Deletes the consumed ids older than the retention; answers how many. */
    public Uni<Long> prune() {
        return pruner.prune("consumed event ids (inbox)", "consumed_event", "consumed_at", retention, batch,
                "haneul.inbox.pruned");
    }
}
