package dev.haneul.billing.invoice;

import dev.haneul.billing.usage.Periods;
import dev.haneul.kit.lock.DistributedLocks;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * Closes the previous month: shortly after a month boundary (and on every later run, harmlessly) every account
 * metered in the last closed month gets its invoice, whether or not anybody asks for it. One replica at a time
 * does it (the kit's Redis lock; a run without Redis is skipped and the next one closes the month), one account
 * per transaction ({@link InvoiceService#closeMonth}).
 */
@ApplicationScoped
public class InvoiceClose {
    private static final String LOCK = "invoice-close";
    private static final Duration LOCK_TTL = Duration.ofMinutes(1);   // renewed while the close runs

    private final InvoiceService invoices;
    private final DistributedLocks locks;
    private final Clock clock;

    public InvoiceClose(InvoiceService invoices, DistributedLocks locks, Clock clock) {
        this.invoices = invoices;
        this.locks = locks;
        this.clock = clock;
    }

    @Scheduled(every = "${haneul.billing.invoice-close-interval}", delayed = "${haneul.billing.invoice-close-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeLastMonth() {
        return locks.runRound(LOCK, LOCK_TTL,
                lease -> invoices.closeMonth(Periods.monthOf(clock.instant()).minusMonths(1)));
    }
}
