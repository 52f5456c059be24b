package dev.haneul.billing.metering;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the raw facts of one resource and meter into its intervals. A pure function of the set of facts, so
 * the result does not depend on the order or the number of times they were delivered:
 * <ul>
 * <li>each attempt's earliest START opens an interval;</li>
 * <li>the earliest END of the same attempt at or after that start closes it (later ENDs are no-ops; an END
 * dated before the start belongs to no interval and is ignored);</li>
 * <li>a start of a later attempt closes an interval whose END never arrived, so intervals never overlap.</li>
 * </ul>
 */
public final class IntervalBuilder {

    private IntervalBuilder() {
    }

    /** The intervals of every resource and meter found in {@code facts}, ordered by start. */
    public static List<Interval> build(Collection<Fact> facts) {
        Map<String, List<Fact>> byMeter = new LinkedHashMap<>();
        for (Fact f : facts) {
            byMeter.computeIfAbsent(f.resourceId() + "\n" + f.meterKind(), k -> new ArrayList<>()).add(f);
        }
        List<Interval> out = new ArrayList<>();
        byMeter.values().forEach(group -> out.addAll(buildOne(group)));
        out.sort(Comparator.comparing(Interval::start).thenComparing(Interval::resourceId));
        return out;
    }

    private static List<Interval> buildOne(List<Fact> facts) {
        TreeMap<Integer, Fact> startByAttempt = new TreeMap<>();
        for (Fact f : facts) {
            if (f.kind() == Fact.Kind.START) {
                startByAttempt.merge(f.attempt(), f, (a, b) -> earlier(a, b));
            }
        }
        List<Fact> starts = startByAttempt.values().stream()
                .sorted(Comparator.comparing(Fact::at).thenComparing(Fact::attempt)).toList();
        List<Interval> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            Fact start = starts.get(i);
            Instant end = null;
            for (Fact f : facts) {
                if (f.kind() == Fact.Kind.END && f.attempt() == start.attempt() && !f.at().isBefore(start.at())
                        && (end == null || f.at().isBefore(end))) {
                    end = f.at();
                }
            }
            if (i + 1 < starts.size()) {
                Instant next = starts.get(i + 1).at();
                if (end == null || next.isBefore(end)) {
                    end = next;
                }
            }
            out.add(new Interval(start.accountId(), start.resourceId(), start.meterKind(), start.priceKey(),
                    start.quantity(), start.at(), end, start.attempt()));
        }
        return out;
    }

    private static Fact earlier(Fact a, Fact b) {
        int c = a.at().compareTo(b.at());
        return c < 0 || (c == 0 && a.eventId().compareTo(b.eventId()) <= 0) ? a : b;
    }
}
