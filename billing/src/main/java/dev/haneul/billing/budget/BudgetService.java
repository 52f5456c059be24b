package dev.haneul.billing.budget;

import dev.haneul.events.billing.BudgetThresholdCrossed;
import dev.haneul.billing.budget.api.BudgetView;
import dev.haneul.billing.budget.api.CreateBudgetRequest;
import dev.haneul.billing.usage.Periods;
import dev.haneul.billing.usage.UsageService;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Budgets and their evaluation: a threshold is crossed when this month's actual (or forecast) cost reaches
 * its percentage of the amount; the crossing is recorded once per month and announced once with
 * {@link BudgetThresholdCrossed} through the outbox. Every method must run inside a transaction.
 */
@ApplicationScoped
public class BudgetService {
    static final List<Threshold> DEFAULT_THRESHOLDS = List.of(new Threshold(50, Threshold.ACTUAL),
            new Threshold(80, Threshold.ACTUAL), new Threshold(100, Threshold.ACTUAL));
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final UsageService usage;
    private final Outbox outbox;
    private final Clock clock;

    public BudgetService(UsageService usage, Outbox outbox, Clock clock) {
        this.usage = usage;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Uni<BudgetView> create(String accountId, CreateBudgetRequest request) {
        List<Threshold> thresholds = request.thresholds() == null ? DEFAULT_THRESHOLDS
                : request.thresholds().stream().map(t -> new Threshold(t.percent(),
                        t.thresholdType() == null ? Threshold.ACTUAL : t.thresholdType())).distinct().toList();
        Budget b = new Budget();
        b.id = Ids.newId("budget");
        b.accountId = accountId;
        b.budgetName = request.budgetName().trim();
        b.amountUsd = request.amountUsd();
        b.thresholds = Threshold.format(thresholds);
        b.createdAt = clock.instant();
        return b.persist().chain(() -> evaluate(b));
    }

    /** One page of the account's budgets, in id order, each evaluated now (only the page's). */
    public Uni<Page<BudgetView>> list(String accountId, PageRequest paging) {
        PageRequest.Keyset k = paging.keyset("id", "accountId", accountId);
        return Budget.<Budget>find(k.query(), k.params()).range(0, paging.limit()).list()
                .map(rows -> paging.pageById(rows, b -> b.id, b -> b))
                .chain(page -> evaluateAll(page.items()).map(views -> new Page<>(views, page.nextToken())));
    }

    public Uni<BudgetView> get(String accountId, String budgetId) {
        return find(accountId, budgetId).chain(this::evaluate);
    }

    public Uni<Void> delete(String accountId, String budgetId) {
        return find(accountId, budgetId).chain(b -> b.delete());
    }

    /**
     * Evaluates every budget of every account (the periodic check), {@code batch} budgets a transaction in id
     * order, so neither a read nor a transaction grows with the number of budgets; answers how many it evaluated.
     */
    public Uni<Integer> evaluateEverything(int batch) {
        return evaluateAfter("", batch, 0);
    }

    private Uni<Integer> evaluateAfter(String afterId, int batch, int done) {
        return Panache.withTransaction(() -> Budget.<Budget>find("id > ?1 order by id", afterId).range(0, batch - 1)
                        .list().chain(rows -> evaluateAll(rows).replaceWith(rows)))
                .chain(rows -> rows.size() < batch ? Uni.createFrom().item(done + rows.size())
                        : evaluateAfter(rows.get(rows.size() - 1).id, batch, done + rows.size()));
    }

    private Uni<Budget> find(String accountId, String budgetId) {
        return Budget.<Budget>findById(budgetId).map(b -> {
            if (b == null || !b.accountId.equals(accountId)) {
                throw ApiException.notFound("InvalidBudget.NotFound", "The budget '" + budgetId + "' does not exist.");
            }
            return b;
        });
    }

    private Uni<List<BudgetView>> evaluateAll(List<Budget> budgets) {
        Uni<List<BudgetView>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Budget b : budgets) {
            chain = chain.chain(views -> evaluate(b).map(v -> {
                views.add(v);
                return views;
            }));
        }
        return chain;
    }

    Uni<BudgetView> evaluate(Budget b) {
        Instant now = clock.instant();
        YearMonth month = Periods.monthOf(now);
        Instant start = Periods.start(month);
        Instant end = Periods.end(month);
        return usage.totals(b.accountId, start, now, now).chain(actual -> usage
                .totals(b.accountId, start, end, end).chain(forecast -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Threshold t : Threshold.parse(b.thresholds)) {
                        BigDecimal value = Threshold.ACTUAL.equals(t.thresholdType()) ? actual.total() : forecast.total();
                        BigDecimal limit = b.amountUsd.multiply(BigDecimal.valueOf(t.percent())).divide(HUNDRED);
                        if (value.compareTo(limit) >= 0) {
                            BudgetThresholdCrossed event = new BudgetThresholdCrossed(b.accountId, b.id, b.budgetName,
                                    month.toString(), t.percent(), t.thresholdType(), b.amountUsd.toPlainString(),
                                    actual.total().toPlainString(), forecast.total().toPlainString(), now);
                            chain = chain.chain(() -> cross(event));
                        }
                    }
                    return chain.chain(() -> view(b, month, actual.total(), forecast.total()));
                }));
    }

    private Uni<Void> cross(BudgetThresholdCrossed e) {
        String id = e.budgetId() + "/" + e.billingMonth() + "/" + e.percent() + "/" + e.thresholdType();
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT IGNORE INTO budget_crossing "
                + "(id, budget_id, billing_month, percent, threshold_type, crossed_at) VALUES (:id, :b, :m, :p, :t, :at)")
                .setParameter("id", id).setParameter("b", e.budgetId()).setParameter("m", e.billingMonth())
                .setParameter("p", e.percent()).setParameter("t", e.thresholdType())
                .setParameter("at", LocalDateTime.ofInstant(e.at(), ZoneOffset.UTC)).executeUpdate())
                .chain(rows -> rows == 1 ? outbox.publish(e) : Uni.createFrom().voidItem());
    }

    private Uni<BudgetView> view(Budget b, YearMonth month, BigDecimal actual, BigDecimal forecast) {
        return BudgetCrossing.<BudgetCrossing>list("budgetId = ?1 and billingMonth = ?2", b.id, month.toString())
                .map(crossings -> {
                    Map<String, BudgetCrossing> byKey = crossings.stream().collect(Collectors.toMap(
                            c -> c.percent + ":" + c.thresholdType, Function.identity()));
                    return new BudgetView(b.id, b.budgetName, b.amountUsd.stripTrailingZeros().toPlainString(),
                            month.toString(), actual.toPlainString(), forecast.toPlainString(),
                            Threshold.parse(b.thresholds).stream().map(t -> {
                                BudgetCrossing c = byKey.get(t.percent() + ":" + t.thresholdType());
                                return new BudgetView.ThresholdView(t.percent(), t.thresholdType(), c != null,
                                        c == null ? null : c.crossedAt);
                            }).toList());
                });
    }
}
