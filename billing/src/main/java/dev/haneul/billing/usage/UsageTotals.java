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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's usage over a window per resource and meter, aggregated by the database: one pass over the
 * account's stored meters joined with the price periods, returning one row per resource, meter, price key and
 * price period instead of every interval. Invoices, cost, forecasts and budgets use it; it computes exactly
 * what {@link UsageReport#of(List, Instant, Instant, Instant, PriceBook, GroupBy)} computes from the intervals
 * (the same whole milliseconds per interval and per price period, the same per-start minimum, the same single
 * division per price point), which the reconciliation and the tests check.
 */
public final class UsageTotals {
    private static final LocalDateTime DAWN = LocalDateTime.of(1000, 1, 1, 0, 0);
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);
    private static final LocalDateTime DUSK = LocalDateTime.of(9999, 12, 31, 23, 59, 59);

    /*
     * p: the price periods [p_from, p_to) of every key, plus an unpriced period before its first price.
     * m: the account's intervals touching the window with a = max(start, from), b = min(end or now, to).
     * r: per interval its running ms inside the window and its minimum top-up when it starts inside the window.
     * Each interval joins the periods it overlaps and the one containing a (for zero-length runs); its own
     * running/top-up figures count once, on the period containing a ("owner"); every joined period gets the
     * piece of [a, b) inside it. Keys without any price join nothing (LEFT JOIN): the whole run is unpriced.
     */
    static final String SQL = """
            WITH p AS (
              SELECT meter_kind, price_key, effective_from AS p_from,
                     COALESCE(LEAD(effective_from) OVER (PARTITION BY meter_kind, price_key ORDER BY effective_from),
                              :dusk) AS p_to,
                     1 AS priced
              FROM price
              UNION ALL
              SELECT meter_kind, price_key, :dawn, MIN(effective_from), 0 FROM price GROUP BY meter_kind, price_key
            ),
            r AS (
              SELECT resource_id, meter_kind, price_key, quantity, started_at, a, b,
                     CASE WHEN b > a THEN TIMESTAMPDIFF(MICROSECOND, a, b) DIV 1000 ELSE 0 END AS running_ms,
                     CASE WHEN minimum_seconds > 0 AND started_at >= :from AND started_at < :to
                          THEN GREATEST(0, minimum_seconds * 1000 - TIMESTAMPDIFF(MICROSECOND, started_at, end_at) DIV 1000)
                          ELSE 0 END AS topup_ms
              FROM (SELECT resource_id, meter_kind, price_key, quantity, minimum_seconds, started_at,
                           COALESCE(ended_at, GREATEST(:now, started_at)) AS end_at,
                           GREATEST(started_at, :from) AS a,
                           LEAST(COALESCE(ended_at, GREATEST(:now, started_at)), :to) AS b
                    FROM meter
                    WHERE account_id = :account AND started_at < :to AND (ended_at IS NULL OR ended_at >= :from)) m
            ),
            j AS (
              SELECT r.resource_id, r.meter_kind, r.price_key, r.quantity, r.started_at, r.a, p.p_from,
                     COALESCE(p.priced, 0) AS priced,
                     CASE WHEN p.p_from IS NULL THEN r.running_ms
                          ELSE GREATEST(0, TIMESTAMPDIFF(MICROSECOND, GREATEST(r.a, p.p_from), LEAST(r.b, p.p_to)) DIV 1000)
                     END AS piece_ms,
                     CASE WHEN p.p_from IS NULL OR (p.p_from <= r.a AND r.a < p.p_to) THEN 1 ELSE 0 END AS owner,
                     r.running_ms, r.topup_ms
              FROM r LEFT JOIN p ON p.meter_kind = r.meter_kind AND p.price_key = r.price_key
                   AND ((p.p_from < r.b AND p.p_to > r.a) OR (p.p_from <= r.a AND r.a < p.p_to))
            )
            SELECT resource_id, meter_kind, price_key, TIMESTAMPDIFF(MICROSECOND, :epoch, p_from), MAX(priced),
                   SUM(piece_ms),
                   SUM(quantity * (piece_ms + owner * topup_ms)),
                   SUM(owner * running_ms),
                   SUM(owner * topup_ms),
                   SUM(owner * quantity * (running_ms + topup_ms)),
                   TIMESTAMPDIFF(MICROSECOND, :epoch,
                                 MAX(CASE WHEN owner = 1 AND running_ms + topup_ms > 0 THEN started_at END))
            FROM j
            GROUP BY resource_id, meter_kind, price_key, p_from
            """;

    private UsageTotals() {
    }

    /** Usage per resource and meter over [from, to), open intervals counted up to {@code now}; in a session. */
    public static Uni<UsageReport> report(String accountId, Instant from, Instant to, Instant now, PriceBook prices) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SQL, Object[].class)
                .setParameter("account", accountId).setParameter("from", utc(from)).setParameter("to", utc(to))
                .setParameter("now", utc(now)).setParameter("dawn", DAWN).setParameter("dusk", DUSK)
                .setParameter("epoch", EPOCH)
                .getResultList())
                .map(rows -> UsageReport.of(from, to, GroupBy.RESOURCE, lines(rows, prices)));
    }

    static List<UsageReport.Line> lines(List<Object[]> rows, PriceBook prices) {
        Map<List<Object>, UsageReport.Accumulator> lines = new LinkedHashMap<>();
        for (Object[] row : rows) {
            String resourceId = (String) row[0];
            MeterKind kind = MeterKind.byId((String) row[1]).orElseThrow();
            String priceKey = (String) row[2];
            Instant pFrom = instant(row[3]);
            boolean pricedPeriod = number(row[4]).signum() > 0;
            long pieceMs = number(row[5]).longValueExact();
            BigDecimal chargedQuantityMs = number(row[6]);
            long running = number(row[7]).longValueExact();
            long topUp = number(row[8]).longValueExact();
            BigDecimal quantityMs = number(row[9]);
            Instant lastStart = instant(row[10]);
            Map<PriceBook.Point, BigDecimal> byPrice = Map.of();
            if (pricedPeriod && chargedQuantityMs.signum() > 0) {
                PriceBook.Point point = prices.at(kind, priceKey, pFrom).orElseThrow(
                        () -> new IllegalStateException("no price " + kind.id() + "/" + priceKey + " at " + pFrom));
                byPrice = Map.of(point, chargedQuantityMs);
            }
            boolean priced = pricedPeriod || (pieceMs == 0 && topUp == 0);
            lines.computeIfAbsent(List.of(resourceId, kind), k -> new UsageReport.Accumulator(resourceId, kind, null,
                    false)).add(running, running + topUp, quantityMs, byPrice, priced, lastStart, priceKey);
        }
        return UsageReport.sorted(lines.values().stream().map(UsageReport.Accumulator::line)
                .filter(l -> l.billedMillis() > 0).toList());
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

    /** Microseconds since the epoch (as the query returns times, free of any time-zone conversion). */
    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        long micros = number(o).longValueExact();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
