package dev.haneul.billing.budget;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Checks every budget periodically, so thresholds are announced even when nobody reads the budgets. */
@ApplicationScoped
public class BudgetCheck {
    private static final Logger LOG = Logger.getLogger(BudgetCheck.class);

    private final BudgetService budgets;

    public BudgetCheck(BudgetService budgets) {
        this.budgets = budgets;
    }

    @Scheduled(every = "${haneul.billing.budget-check-interval}", delayed = "${haneul.billing.budget-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkAll() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(budgets::evaluateEverything));
        } catch (Throwable e) {
            LOG.warnf("budget check failed, next run retries: %s", e.toString());
        }
    }
}
