package dev.haneul.billing.usage.api;

import dev.haneul.billing.money.Money;
import dev.haneul.billing.usage.UsageReport;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The caller's usage over [from, to): one page of its lines (in the report's order) with the token of the next
 * page, and the total of every line of the window (6 decimals, and rounded to cents), on every page.
 */
public record UsageView(Instant from, Instant to, String groupBy, List<UsageItemView> items, String totalUsd,
        String totalRoundedUsd, String nextToken) {

    public static UsageView of(UsageReport r, PageRequest paging) {
        Page<UsageReport.Line> page = paging.slice(r.lines(), UsageView::key);
        return new UsageView(r.from(), r.to(), r.groupBy().name().toLowerCase(Locale.ROOT),
                page.items().stream().map(UsageItemView::of).toList(), r.total().toPlainString(),
                Money.cents(r.total()).toPlainString(), page.nextToken());
    }

    /** A line's identity in its report: what it is grouped by (resource, meter, price, day). */
    private static String key(UsageReport.Line l) {
        return l.resourceId() + "|" + l.meterKind().id() + "|" + l.priceKey() + "|" + l.day();
    }
}
