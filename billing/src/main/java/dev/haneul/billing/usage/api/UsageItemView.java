package dev.haneul.billing.usage.api;

import dev.haneul.billing.metering.MeterKind;
import dev.haneul.billing.money.Money;
import dev.haneul.billing.usage.UsageReport;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One usage line. Instances carry {@code instanceId} and {@code instanceType}; every line carries the generic
 * {@code resourceId}, {@code meterKind}, {@code priceKey}, {@code unit} and {@code quantitySeconds} (GiB-seconds,
 * IOPS-seconds, MiBps-seconds, address-seconds or instance-seconds). Seconds are exact; {@code billedSeconds}
 * includes the per-start minimum. {@code amountUsd} has 6 decimals, {@code amountRoundedUsd} 2.
 */
public record UsageItemView(String resourceId, String instanceId, String meterKind, String instanceType,
        String priceKey, LocalDate day, String unit, BigDecimal runningSeconds, BigDecimal billedSeconds,
        BigDecimal quantitySeconds, List<IntervalView> intervals, String amountUsd, String amountRoundedUsd,
        String note) {

    public static UsageItemView of(UsageReport.Line l) {
        boolean instance = l.meterKind() == MeterKind.INSTANCE_RUNNING;
        return new UsageItemView(l.resourceId(), instance ? l.resourceId() : null, l.meterKind().id(),
                instance ? l.priceKey() : null, l.priceKey(), l.day(), l.meterKind().unit(),
                Money.seconds(l.runningMillis()), Money.seconds(l.billedMillis()), l.quantitySeconds(),
                l.intervals().isEmpty() ? null
                        : l.intervals().stream().map(i -> new IntervalView(i.start(), i.end(),
                                Money.seconds(i.quantity()))).toList(),
                l.amount().toPlainString(), Money.cents(l.amount()).toPlainString(),
                l.priced() ? null : "No price is set for " + l.priceKey() + "; billed at 0 until an admin sets one.");
    }
}
