package dev.haneul.volume.volume;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * EC2's limit on modifications of one volume: at most {@code max} started within a rolling {@code window}
 * (4 per 24 hours). The starts are kept on the volume row as comma-separated epoch milliseconds, so the check
 * and the record are one change of that row (two concurrent modifications cannot both take the last place).
 */
public record ModificationRate(int max, Duration window) {

    /** The starts still inside the window at {@code now}. */
    public List<Instant> recent(String stored, Instant now) {
        List<Instant> out = new ArrayList<>();
        if (stored == null || stored.isBlank()) {
            return out;
        }
        Instant from = now.minus(window);
        Arrays.stream(stored.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .map(t -> Instant.ofEpochMilli(Long.parseLong(t))).filter(t -> t.isAfter(from)).forEach(out::add);
        return out;
    }

    /** True when one more modification may start at {@code now}. */
    public boolean allows(String stored, Instant now) {
        return recent(stored, now).size() < max;
    }

    /** When the oldest start in the window leaves it, i.e. when the next modification is allowed again. */
    public Instant nextAllowed(String stored, Instant now) {
        return recent(stored, now).stream().min(Instant::compareTo).map(t -> t.plus(window)).orElse(now);
    }

    /** The stored form after a modification started at {@code now}. */
    public String record(String stored, Instant now) {
        List<Instant> kept = recent(stored, now);
        kept.add(now);
        return kept.stream().map(t -> String.valueOf(t.toEpochMilli())).collect(Collectors.joining(","));
    }
}
