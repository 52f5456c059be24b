package dev.haneul.billing.invoice;

import dev.haneul.billing.invoice.api.InvoiceView;
import dev.haneul.billing.metering.Meter;
import dev.haneul.billing.money.Money;
import dev.haneul.billing.usage.Periods;
import dev.haneul.billing.usage.UsageReport;
import dev.haneul.billing.usage.UsageService;
import dev.haneul.events.billing.InvoiceIssued;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.error.DatabaseErrors;
import dev.haneul.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Issues invoices: the first time a closed month of an account is asked for (or closed by {@link InvoiceClose}),
 * its usage is aggregated from the meters by the database ({@link UsageService#totals}) and stored with its lines,
 * one per resource and meter; from then on the stored invoice is returned unchanged, whatever arrives later (late
 * events show up in reconciliation instead).
 *
 * <p>Invariant: an account's month has one invoice, issued and announced ({@code InvoiceIssued}) once, and asking
 * for it never fails because someone else is issuing it at the same time — two first reads, or a read and the
 * month's close: each issues in a transaction of its own, the database's {@code uk_invoice_month} lets one insert
 * win, and the others read the winner's invoice.
 */
@ApplicationScoped
public class InvoiceService {
    private final UsageService usage;
    private final Outbox outbox;
    private final Clock clock;

    public InvoiceService(UsageService usage, Outbox outbox, Clock clock) {
        this.usage = usage;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * The invoice of a closed month, issued if needed (its own transactions: must not run inside one). Fails with
     * {@code InvalidInvoice.NotFound} for a month that has not closed yet.
     */
    public Uni<InvoiceView> invoice(String accountId, YearMonth month) {
        Instant now = clock.instant();
        if (Periods.end(month).isAfter(now)) {
            return Uni.createFrom().failure(ApiException.notFound("InvalidInvoice.NotFound", "The invoice for "
                    + month + " does not exist yet: the month closes at " + Periods.end(month)
                    + ". See GET /v1/billing/cost."));
        }
        return Panache.withTransaction(() -> stored(accountId, month).chain(existing -> existing != null
                        ? Uni.createFrom().item(existing)
                        : usage.totals(accountId, Periods.start(month), Periods.end(month), now)
                                .chain(report -> issue(accountId, month, report, now))))
                // another request or the month's close issued it first: theirs is the invoice
                .onFailure(DatabaseErrors::isDuplicateKey)
                .recoverWithUni(() -> Panache.withSession(() -> stored(accountId, month)));
    }

    /** Every closed month since the account's first metered use, oldest first (issued as needed). */
    public Uni<List<InvoiceView>> invoices(String accountId) {
        YearMonth last = Periods.monthOf(clock.instant()).minusMonths(1);
        return Panache.withSession(() -> Meter.<Meter>find("accountId = ?1 order by startedAt", accountId)
                .firstResult()).chain(first -> {
                    List<YearMonth> months = new ArrayList<>();
                    for (YearMonth m = first == null ? last.plusMonths(1) : Periods.monthOf(first.startedAt);
                            !m.isAfter(last); m = m.plusMonths(1)) {
                        months.add(m);
                    }
                    Uni<List<InvoiceView>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (YearMonth m : months) {
                        chain = chain.chain(list -> invoice(accountId, m).map(v -> {
                            list.add(v);
                            return list;
                        }));
                    }
                    return chain;
                });
    }

    /**
     * Issues the invoices of {@code month} (closed) for every account metered in it, one account per transaction,
     * so one account's failure leaves the others issued; answers how many accounts have their invoice.
     */
    public Uni<Integer> closeMonth(YearMonth month) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                        "select distinct m.accountId from Meter m where m.startedAt < ?1 "
                                + "and (m.endedAt is null or m.endedAt >= ?2) order by m.accountId", String.class)
                .setParameter(1, Periods.end(month)).setParameter(2, Periods.start(month)).getResultList()))
                .chain(accounts -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (String account : accounts) {
                        chain = chain.chain(n -> invoice(account, month).map(v -> n + 1));
                    }
                    return chain;
                });
    }

    /** The stored invoice of the month with its lines, or null; inside the caller's session. */
    private static Uni<InvoiceView> stored(String accountId, YearMonth month) {
        return Invoice.<Invoice>find("accountId = ?1 and billingMonth = ?2", accountId, month.toString())
                .firstResult().chain(existing -> existing == null ? Uni.createFrom().nullItem()
                        : InvoiceLine.<InvoiceLine>list("invoiceId = ?1 order by lineNo", existing.id)
                                .map(lines -> InvoiceView.of(existing, lines)));
    }

    private Uni<InvoiceView> issue(String accountId, YearMonth month, UsageReport report, Instant now) {
        Invoice invoice = new Invoice();
        invoice.id = Ids.newId("inv");
        invoice.accountId = accountId;
        invoice.billingMonth = month.toString();
        invoice.totalUsd = report.total();
        invoice.totalRoundedUsd = Money.cents(report.total());
        invoice.issuedAt = now;
        List<InvoiceLine> lines = new ArrayList<>();
        for (UsageReport.Line l : report.lines()) {
            InvoiceLine line = new InvoiceLine();
            line.lineNo = lines.size() + 1;
            line.invoiceId = invoice.id;
            line.id = invoice.id + "/" + line.lineNo;
            line.resourceId = l.resourceId();
            line.meterKind = l.meterKind().id();
            line.priceKey = l.priceKey();
            line.unit = l.meterKind().unit();
            line.quantitySeconds = l.quantitySeconds();
            line.usageSeconds = Money.seconds(l.runningMillis());
            line.billedSeconds = Money.seconds(l.billedMillis());
            line.amountUsd = l.amount();
            line.amountRoundedUsd = Money.cents(l.amount());
            lines.add(line);
        }
        return invoice.persist().chain(() -> lines.isEmpty() ? Uni.createFrom().voidItem() : InvoiceLine.persist(lines))
                .chain(() -> outbox.publish(new InvoiceIssued(accountId, invoice.id, invoice.billingMonth,
                        invoice.totalUsd.toPlainString(), invoice.totalRoundedUsd.toPlainString(), lines.size(), now)))
                .map(v -> InvoiceView.of(invoice, lines));
    }
}
