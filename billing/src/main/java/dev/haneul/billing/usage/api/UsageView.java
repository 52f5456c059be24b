package dev.haneul.billing.usage.api;

import dev.haneul.billing.money.Money;
import dev.haneul.billing.usage.UsageReport;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The caller's usage over [from, to): its lines and the total (6 decimals, and rounded to cents). */
public record UsageView(Instant from, Instant to, String groupBy, List<UsageItemView> items, String totalUsd,
        String totalRoundedUsd) {

    public static UsageView of(UsageReport r) {
        return new UsageView(r.from(), r.to(), r.groupBy().name().toLowerCase(Locale.ROOT),
                r.lines().stream().map(UsageItemView::of).toList(), r.total().toPlainString(),
                Money.cents(r.total()).toPlainString());
    }
}
