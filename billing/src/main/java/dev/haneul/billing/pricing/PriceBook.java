package dev.haneul.billing.pricing;

import dev.haneul.billing.metering.MeterKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The price catalogue as of one moment: every price of every key with the time it took effect. */
public final class PriceBook {
    private final Map<String, TreeMap<Instant, Point>> byKey = new HashMap<>();

    /** A unit price in force from {@code effectiveFrom} until the next point of the same key. */
    public record Point(MeterKind meterKind, String priceKey, PriceUnit unit, BigDecimal unitPrice,
            Instant effectiveFrom) {
    }

    public PriceBook(Collection<Point> points) {
        for (Point p : points) {
            byKey.computeIfAbsent(key(p.meterKind(), p.priceKey()), k -> new TreeMap<>()).put(p.effectiveFrom(), p);
        }
    }

    /** The price in force at {@code t}, if the key has one. */
    public Optional<Point> at(MeterKind kind, String priceKey, Instant t) {
        TreeMap<Instant, Point> points = byKey.get(key(kind, priceKey));
        return Optional.ofNullable(points == null ? null : points.floorEntry(t)).map(Map.Entry::getValue);
    }

    /** The moments strictly inside (from, to) at which the key's price changes. */
    public List<Instant> changesWithin(MeterKind kind, String priceKey, Instant from, Instant to) {
        TreeMap<Instant, Point> points = byKey.get(key(kind, priceKey));
        return points == null || !from.isBefore(to) ? List.of()
                : new ArrayList<>(points.subMap(from, false, to, false).keySet());
    }

    /** Every point, for listing. */
    public List<Point> all() {
        return byKey.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    private static String key(MeterKind kind, String priceKey) {
        return kind.id() + "/" + priceKey;
    }
}
