package dev.haneul.billing.budget;

import dev.haneul.kit.lock.DistributedLocks;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Checks every budget periodically, so thresholds are announced even when nobody reads the budgets: one replica
 * at a time (the kit's lock; a crossing is recorded once whoever finds it), {@value #BATCH} budgets a transaction.
 */
@ApplicationScoped
public class BudgetCheck {
    static final int BATCH = 200;
    private static final String LOCK = "budget-check";
    private static final Duration LOCK_TTL = Duration.ofMinutes(2);

    private final BudgetService budgets;
    private final DistributedLocks locks;

    public BudgetCheck(BudgetService budgets, DistributedLocks locks) {
        this.budgets = budgets;
        this.locks = locks;
    }

    @Scheduled(every = "${haneul.billing.budget-check-interval}", delayed = "${haneul.billing.budget-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> checkAll() {
        return locks.runRound(LOCK, LOCK_TTL, lease -> budgets.evaluateEverything(BATCH));
    }
}
