package dev.haneul.billing.invoice;

import dev.haneul.billing.usage.Periods;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Closes the previous month: shortly after a month boundary (and on every later run, harmlessly) every
 * account metered in the last closed month gets its invoice, whether or not anybody asks for it.
 */
@ApplicationScoped
public class InvoiceClose {
    private static final Logger LOG = Logger.getLogger(InvoiceClose.class);

    private final InvoiceService invoices;
    private final Clock clock;

    public InvoiceClose(InvoiceService invoices, Clock clock) {
        this.invoices = invoices;
        this.clock = clock;
    }

    @Scheduled(every = "${haneul.billing.invoice-close-interval}", delayed = "${haneul.billing.invoice-close-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeLastMonth() {
        try {
            Integer n = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> invoices.closeMonth(Periods.monthOf(clock.instant()).minusMonths(1))));
            LOG.debugf("invoice close: %d accounts checked", n);
        } catch (Throwable e) {
            LOG.warnf("invoice close failed, the next run retries: %s", e.toString());
        }
    }
}
