package dev.haneul.billing.metering;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns the raw facts of one resource and meter into its intervals. A pure function of the set of facts, so
 * the result does not depend on the order or the number of times they were delivered.
 * <p>
 * Per attempt (instances):
 * <ul>
 * <li>each attempt's earliest START opens an interval;</li>
 * <li>the earliest END of the same attempt at or after that start closes it (later ENDs are no-ops; an END
 * dated before the start belongs to no interval and is ignored);</li>
 * <li>a start of a later attempt closes an interval whose END never arrived, so intervals never overlap.</li>
 * </ul>
 * One lifecycle with re-rates (volumes, snapshots, public IPv4 leases, whose ids are never reused):
 * <ul>
 * <li>nothing is billed until a START is known (a RERATE or END that arrives first waits for it, it does not
 * open anything);</li>
 * <li>the earliest START opens, the earliest END at or after it closes (an END dated before the start closes
 * it at the start: the resource is gone, so no endless interval);</li>
 * <li>the configuration (price key, quantity) in force at a moment is the one of the latest START or RERATE
 * dated at or before it (ties: RERATE after START, then by event id), so a RERATE splits the interval at its
 * {@code at}; RERATEs dated before the start or at/after the end change nothing;</li>
 * <li>consecutive pieces with the same configuration are merged; pieces of quantity 0 (e.g. gp3 IOPS within
 * the included 3000) and of zero length are not intervals.</li>
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
        return facts.get(0).meterKind().perAttempt() ? perAttempt(facts) : lifecycle(facts);
    }

    private static List<Interval> lifecycle(List<Fact> facts) {
        Fact start = null;
        for (Fact f : facts) {
            if (f.kind() == Fact.Kind.START && (start == null || earlier(f, start) == f)) {
                start = f;
            }
        }
        if (start == null) {
            return List.of();
        }
        Instant end = null;
        boolean ended = false;
        for (Fact f : facts) {
            if (f.kind() == Fact.Kind.END) {
                ended = true;
                if (!f.at().isBefore(start.at()) && (end == null || f.at().isBefore(end))) {
                    end = f.at();
                }
            }
        }
        if (ended && end == null) {
            end = start.at();
        }
        final Instant startAt = start.at();
        final Instant endAt = end;
        List<Fact> rates = facts.stream()
                .filter(f -> f.kind() != Fact.Kind.END && !f.at().isBefore(startAt)
                        && (endAt == null || f.at().isBefore(endAt)))
                .sorted(Comparator.comparing(Fact::at).thenComparing(Fact::kind).thenComparing(Fact::eventId))
                .toList();
        // pieces [rate_i.at, rate_i+1.at) with rate_i's configuration; the start itself is the first rate
        List<Interval> out = new ArrayList<>();
        Fact current = null;
        Instant pieceStart = null;
        for (Fact rate : rates) {
            if (current != null && sameRate(current, rate)) {
                continue;
            }
            if (current != null) {
                addPiece(out, current, pieceStart, rate.at());
            }
            current = rate;
            pieceStart = rate.at();
        }
        if (current != null) {
            addPiece(out, current, pieceStart, endAt);
        }
        return out;
    }

    private static boolean sameRate(Fact a, Fact b) {
        return Objects.equals(a.priceKey(), b.priceKey()) && a.quantity().compareTo(b.quantity()) == 0;
    }

    private static void addPiece(List<Interval> out, Fact rate, Instant from, Instant to) {
        if (rate.quantity().signum() <= 0 || (to != null && !from.isBefore(to))) {
            return;
        }
        out.add(new Interval(rate.accountId(), rate.resourceId(), rate.meterKind(), rate.priceKey(),
                rate.quantity(), from, to, out.size()));
    }

    private static List<Interval> perAttempt(List<Fact> facts) {
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
