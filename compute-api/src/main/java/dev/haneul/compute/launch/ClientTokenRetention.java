package dev.haneul.compute.launch;

import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.kit.lock.DistributedLocks;
import dev.haneul.kit.retention.TablePruner;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Keeps {@code launch_request} (one row per account and client token, which makes a retried launch answer the
 * first) from growing forever: every {@code haneul.launch.prune-interval} it deletes the rows older than
 * {@code haneul.launch.client-token-retention} (7 days; EC2 keeps a token for at least 24 hours), so a token
 * answers its first launch for at least the retention and a retry after it launches anew. One replica at a time
 * (the kit's lock), in bounded batches ({@link TablePruner}); a round without Redis is skipped.
 */
@ApplicationScoped
public class ClientTokenRetention {
    private static final String LOCK = "client-token-retention";
    private static final int BATCH = 5000;

    private final TablePruner pruner;
    private final DistributedLocks locks;
    private final ComputeConfig config;

    public ClientTokenRetention(TablePruner pruner, DistributedLocks locks, ComputeConfig config) {
        this.pruner = pruner;
        this.locks = locks;
        this.config = config;
    }

    @Scheduled(every = "${haneul.launch.prune-interval:10m}", delayed = "${haneul.launch.prune-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return locks.runRound(LOCK, Duration.ofMinutes(1), lease -> prune());
    }

    /** Deletes the client tokens older than the retention; answers how many. */
    public Uni<Long> prune() {
        Duration retention = config.launch().clientTokenRetention();
        return pruner.prune("client tokens (launch_request)", "launch_request", "created_at", retention, BATCH,
                "haneul.client.tokens.pruned");
    }
}
