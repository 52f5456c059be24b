package dev.haneul.billing.invoice;

import dev.haneul.billing.invoice.api.InvoiceView;
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
 * Issues invoices: when a month has closed, {@link InvoiceClose} issues the invoice of every account metered in it
 * ({@link #closeMonth}): its usage is aggregated from the meters by the database ({@link UsageService#totals}) and
 * stored with its lines, one per resource and meter; from then on the stored invoice is returned unchanged,
 * whatever arrives later (late events show up in reconciliation instead).
 *
 * <p>Invariants: reading an invoice never writes (a month not issued yet, or one in which the account used
 * nothing, answers {@code InvalidInvoice.NotFound}, and nothing is stored); an account's month has one invoice,
 * issued and announced ({@code InvoiceIssued}) once, even when two closes run at once — each account is issued in
 * a transaction of its own, the database's {@code uk_invoice_month} lets one insert win, and the other reads the
 * winner's invoice.
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

    /** The issued invoice of a month; {@code InvalidInvoice.NotFound} when there is none (yet). Reads only. */
    public Uni<InvoiceView> invoice(String accountId, YearMonth month) {
        Instant now = clock.instant();
        if (Periods.end(month).isAfter(now)) {
            return Uni.createFrom().failure(ApiException.notFound("InvalidInvoice.NotFound", "The invoice for "
                    + month + " does not exist yet: the month closes at " + Periods.end(month)
                    + ". See GET /v1/billing/cost."));
        }
        return Panache.withSession(() -> stored(accountId, month).chain(found -> found != null
                ? Uni.createFrom().item(found)
                : usedIn(accountId, month).map(used -> {
                    throw ApiException.notFound("InvalidInvoice.NotFound", used
                            ? "The invoice for " + month + " is being issued: the month closed at " + Periods.end(month)
                                    + " and its invoices are issued within minutes. See GET /v1/billing/cost."
                            : "There is no invoice for " + month + ": the account used nothing that month.");
                })));
    }

    /** The account's issued invoices, oldest first. Reads only. */
    public Uni<List<InvoiceView>> invoices(String accountId) {
        return Panache.withSession(() -> Invoice.<Invoice>list("accountId = ?1 order by billingMonth", accountId)
                .chain(found -> {
                    Uni<List<InvoiceView>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (Invoice i : found) {
                        chain = chain.chain(list -> lines(i).map(v -> {
                            list.add(v);
                            return list;
                        }));
                    }
                    return chain;
                }));
    }

    /**
     * Issues the invoices of {@code month} (closed) for every account metered in it, one account per transaction,
     * so one account's failure leaves the others issued; answers how many accounts have their invoice.
     */
    public Uni<Integer> closeMonth(YearMonth month) {
        Instant now = clock.instant();
        if (Periods.end(month).isAfter(now)) {
            return Uni.createFrom().failure(new IllegalArgumentException(month + " has not closed yet"));
        }
        return Panache.withSession(() -> meteredIn(month)).chain(accounts -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (String account : accounts) {
                chain = chain.chain(n -> issueOnce(account, month, now).map(v -> n + 1));
            }
            return chain;
        });
    }

    /**
     * The closed month's invoice of one account, issued now unless it was (what {@link #closeMonth} does for each
     * account); another issuer's insert wins a race, and then this answers the winner's invoice.
     */
    public Uni<InvoiceView> issueOnce(String accountId, YearMonth month, Instant now) {
        return Panache.withTransaction(() -> stored(accountId, month).chain(existing -> existing != null
                        ? Uni.createFrom().item(existing)
                        : usage.totals(accountId, Periods.start(month), Periods.end(month), now)
                                .chain(report -> issue(accountId, month, report, now))))
                .onFailure(DatabaseErrors::isDuplicateKey)
                .recoverWithUni(() -> Panache.withSession(() -> stored(accountId, month)));
    }

    /** Whether the account was metered in the month (in the caller's session). */
    private static Uni<Boolean> usedIn(String accountId, YearMonth month) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("select count(m) from Meter m "
                        + "where m.accountId = ?1 and m.startedAt < ?2 and (m.endedAt is null or m.endedAt >= ?3)",
                        Long.class)
                .setParameter(1, accountId).setParameter(2, Periods.end(month)).setParameter(3, Periods.start(month))
                .getSingleResult()).map(n -> n > 0);
    }

    /** The accounts metered in the month (in the caller's session). */
    private static Uni<List<String>> meteredIn(YearMonth month) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("select distinct m.accountId from Meter m "
                        + "where m.startedAt < ?1 and (m.endedAt is null or m.endedAt >= ?2) order by m.accountId",
                        String.class)
                .setParameter(1, Periods.end(month)).setParameter(2, Periods.start(month)).getResultList());
    }

    /** The stored invoice of the month with its lines, or null; inside the caller's session. */
    private static Uni<InvoiceView> stored(String accountId, YearMonth month) {
        return Invoice.<Invoice>find("accountId = ?1 and billingMonth = ?2", accountId, month.toString())
                .firstResult().chain(existing -> existing == null ? Uni.createFrom().nullItem() : lines(existing));
    }

    private static Uni<InvoiceView> lines(Invoice invoice) {
        return InvoiceLine.<InvoiceLine>list("invoiceId = ?1 order by lineNo", invoice.id)
                .map(lines -> InvoiceView.of(invoice, lines));
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
