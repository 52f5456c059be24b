package dev.haneul.billing.usage;

import dev.haneul.billing.metering.MeterKind;
import dev.haneul.billing.pricing.PriceBook;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An account's usage over a window per resource and meter, aggregated by the database instead of loading
 * every interval: invoices, cost, forecasts and budgets use it. It computes exactly what
 * {@link UsageReport#of(List, Instant, Instant, Instant, PriceBook, GroupBy)} computes interval by interval (the
 * same whole milliseconds per interval and per price period, the same per-start minimum, the same single division
 * per price point), which the reconciliation and the tests check.
 * <ol>
 * <li>{@link #TOTALS}: one pass over the account's intervals touching the window, grouped by resource, meter,
 * price key and quantity: running ms inside the window, minimum top-ups, the latest start. Cheap expressions
 * only; the quantity is multiplied in Java, once per group.</li>
 * <li>{@link #SPLITS}, only when a price key used in the window changes price inside it (rare): the intervals of
 * those keys joined with their price periods, giving the quantity-ms charged at each price point.</li>
 * </ol>
 * For every other key the whole window is at one price point, the one in force at {@code from}.
 */
public final class UsageTotals {
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);
    private static final LocalDateTime DAWN = LocalDateTime.of(1000, 1, 1, 0, 0);
    private static final LocalDateTime DUSK = LocalDateTime.of(9999, 12, 31, 23, 59, 59);

    /* m: the account's intervals touching the window, a = max(start, from), b = min(end or now, to). */
    private static final String INTERVALS = """
            SELECT resource_id, meter_kind, price_key, quantity, minimum_seconds, started_at,
                   COALESCE(ended_at, GREATEST(:now, started_at)) AS end_at,
                   GREATEST(started_at, :from) AS a,
                   LEAST(COALESCE(ended_at, GREATEST(:now, started_at)), :to) AS b
            FROM meter
            WHERE account_id = :account AND started_at < :to AND (ended_at IS NULL OR ended_at >= :from)
            """;

    /* r: per interval its running ms inside the window and its minimum top-up when it starts inside the window. */
    private static final String RUNS = """
            SELECT resource_id, meter_kind, price_key, quantity, started_at, a, b,
                   CASE WHEN b > a THEN TIMESTAMPDIFF(MICROSECOND, a, b) DIV 1000 ELSE 0 END AS running_ms,
                   CASE WHEN minimum_seconds > 0 AND started_at >= :from AND started_at < :to
                        THEN GREATEST(0, minimum_seconds * 1000 - TIMESTAMPDIFF(MICROSECOND, started_at, end_at) DIV 1000)
                        ELSE 0 END AS topup_ms
            FROM (%s) m
            """.formatted(INTERVALS);

    static final String TOTALS = """
            SELECT resource_id, meter_kind, price_key, quantity, SUM(running_ms), SUM(topup_ms),
                   TIMESTAMPDIFF(MICROSECOND, :epoch, MAX(CASE WHEN running_ms + topup_ms > 0 THEN started_at END))
            FROM (%s) r
            GROUP BY resource_id, meter_kind, price_key, quantity
            ORDER BY NULL
            """.formatted(RUNS);

    /*
     * p: the price periods [p_from, p_to) of the keys, plus an unpriced period before each key's first price.
     * Each interval joins the periods it overlaps and the one containing a (zero-length runs); every joined period
     * gets the piece of [a, b) inside it, and the period containing a ("owner") also gets the minimum top-up.
     */
    static final String SPLITS = """
            WITH p AS (
              SELECT meter_kind, price_key, effective_from AS p_from,
                     COALESCE(LEAD(effective_from) OVER (PARTITION BY meter_kind, price_key ORDER BY effective_from),
                              :dusk) AS p_to,
                     1 AS priced
              FROM price WHERE meter_kind IN (:kinds) AND price_key IN (:keys)
              UNION ALL
              SELECT meter_kind, price_key, :dawn, MIN(effective_from), 0
              FROM price WHERE meter_kind IN (:kinds) AND price_key IN (:keys) GROUP BY meter_kind, price_key
            ),
            r AS (%s),
            j AS (
              SELECT r.resource_id, r.meter_kind, r.price_key, r.quantity, p.p_from, p.priced,
                     GREATEST(0, TIMESTAMPDIFF(MICROSECOND, GREATEST(r.a, p.p_from), LEAST(r.b, p.p_to)) DIV 1000)
                       AS piece_ms,
                     CASE WHEN p.p_from <= r.a AND r.a < p.p_to THEN r.topup_ms ELSE 0 END AS topup_ms
              FROM r JOIN p ON p.meter_kind = r.meter_kind AND p.price_key = r.price_key
                   AND ((p.p_from < r.b AND p.p_to > r.a) OR (p.p_from <= r.a AND r.a < p.p_to))
              WHERE r.meter_kind IN (:kinds) AND r.price_key IN (:keys)
            )
            SELECT resource_id, meter_kind, price_key, quantity, TIMESTAMPDIFF(MICROSECOND, :epoch, p_from), MAX(priced),
                   SUM(piece_ms), SUM(topup_ms)
            FROM j
            GROUP BY resource_id, meter_kind, price_key, quantity, p_from
            ORDER BY NULL
            """.formatted(RUNS);

    private UsageTotals() {
    }

    /** Usage per resource and meter over [from, to), open intervals counted up to {@code now}; in a session. */
    public static Uni<UsageReport> report(String accountId, Instant from, Instant to, Instant now, PriceBook prices) {
        Set<String> kinds = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        Set<List<String>> changing = new LinkedHashSet<>();
        for (PriceBook.Point p : prices.all()) {
            if (p.effectiveFrom().isAfter(from) && p.effectiveFrom().isBefore(to)) {
                kinds.add(p.meterKind().id());
                keys.add(p.priceKey());
                changing.add(List.of(p.meterKind().id(), p.priceKey()));
            }
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(TOTALS, Object[].class)
                .setParameter("account", accountId).setParameter("from", utc(from)).setParameter("to", utc(to))
                .setParameter("now", utc(now)).setParameter("epoch", EPOCH)
                .getResultList()
                .chain(totals -> (changing.isEmpty() ? Uni.createFrom().item(List.<Object[]>of())
                        : s.createNativeQuery(SPLITS, Object[].class)
                                .setParameter("account", accountId).setParameter("from", utc(from))
                                .setParameter("to", utc(to)).setParameter("now", utc(now))
                                .setParameter("epoch", EPOCH).setParameter("dawn", DAWN).setParameter("dusk", DUSK)
                                .setParameter("kinds", List.copyOf(kinds)).setParameter("keys", List.copyOf(keys))
                                .getResultList())
                        .map(splits -> lines(totals, splits, changing, from, prices))))
                .map(lines -> UsageReport.of(from, to, GroupBy.RESOURCE, lines));
    }

    /** One line per resource and meter from the totals rows, priced from the split rows for changing keys. */
    static List<UsageReport.Line> lines(List<Object[]> totals, List<Object[]> splits, Set<List<String>> changing,
            Instant from, PriceBook prices) {
        // price points of the changing keys, per resource, meter, key and quantity
        Map<List<Object>, Map<PriceBook.Point, BigDecimal>> splitPrices = new HashMap<>();
        Map<List<Object>, Boolean> splitPriced = new HashMap<>();
        for (Object[] row : splits) {
            MeterKind kind = MeterKind.byId((String) row[1]).orElseThrow();
            String priceKey = (String) row[2];
            if (!changing.contains(List.of(kind.id(), priceKey))) {
                continue;
            }
            BigDecimal quantity = number(row[3]);
            List<Object> group = List.of(row[0], kind, priceKey, quantity.stripTrailingZeros());
            Instant pFrom = instant(row[4]);
            boolean pricedPeriod = number(row[5]).signum() > 0;
            BigDecimal ms = number(row[6]).add(number(row[7]));
            if (pricedPeriod) {
                if (ms.signum() > 0) {
                    PriceBook.Point point = prices.at(kind, priceKey, pFrom).orElseThrow(() -> new IllegalStateException(
                            "no price " + kind.id() + "/" + priceKey + " at " + pFrom));
                    splitPrices.computeIfAbsent(group, g -> new LinkedHashMap<>()).merge(point, quantity.multiply(ms),
                            BigDecimal::add);
                }
            } else if (ms.signum() > 0) {
                splitPriced.put(group, false);
            }
        }
        Map<List<Object>, UsageReport.Accumulator> lines = new LinkedHashMap<>();
        for (Object[] row : totals) {
            String resourceId = (String) row[0];
            MeterKind kind = MeterKind.byId((String) row[1]).orElseThrow();
            String priceKey = (String) row[2];
            BigDecimal quantity = number(row[3]);
            long running = number(row[4]).longValueExact();
            long topUp = number(row[5]).longValueExact();
            Instant lastStart = instant(row[6]);
            long billed = running + topUp;
            BigDecimal quantityMs = quantity.multiply(BigDecimal.valueOf(billed));
            Map<PriceBook.Point, BigDecimal> byPrice;
            boolean priced;
            if (changing.contains(List.of(kind.id(), priceKey))) {
                List<Object> group = List.of(resourceId, kind, priceKey, quantity.stripTrailingZeros());
                byPrice = splitPrices.getOrDefault(group, Map.of());
                priced = splitPriced.getOrDefault(group, true);
            } else {
                Optional<PriceBook.Point> point = prices.at(kind, priceKey, from);
                byPrice = point.isPresent() && billed > 0 ? Map.of(point.get(), quantityMs) : Map.of();
                priced = point.isPresent() || billed == 0;
            }
            lines.computeIfAbsent(List.of(resourceId, kind), k -> new UsageReport.Accumulator(resourceId, kind, null,
                    false)).add(running, billed, quantityMs, byPrice, priced, lastStart, priceKey);
        }
        List<UsageReport.Line> out = new ArrayList<>();
        for (UsageReport.Accumulator acc : lines.values()) {
            UsageReport.Line line = acc.line();
            if (line.billedMillis() > 0) {
                out.add(line);
            }
        }
        return UsageReport.sorted(out);
    }

    private static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static BigDecimal number(Object o) {
        if (o == null) {
            return BigDecimal.ZERO;
        }
        if (o instanceof BigDecimal b) {
            return b;
        }
        if (o instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (o instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(o.toString());
    }

    /** Microseconds since the epoch (as the queries return times, free of any time-zone conversion). */
    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        long micros = number(o).longValueExact();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
