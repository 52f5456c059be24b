package dev.haneul.billing.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Intervals of the lifecycle meters (volumes, snapshots, public IPv4): create, re-rate, delete, in any order. */
class LifecycleIntervalsTest {
    static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");

    static Fact fact(Fact.Kind kind, String key, int quantity, long atSeconds) {
        return new Fact(UUID.randomUUID().toString(), "t", "123456789012", "vol-1", MeterKind.VOLUME_STORAGE, kind,
                key, BigDecimal.valueOf(quantity), T0.plusSeconds(atSeconds), 0);
    }

    @Test
    void aModificationReRatesFromItsAtAndTheDeletionCloses() {
        List<Interval> ivs = IntervalBuilder.build(List.of(fact(Fact.Kind.START, "gp3", 100, 0),
                fact(Fact.Kind.RERATE, "gp3", 200, 3600), fact(Fact.Kind.END, null, 0, 7200)));
        assertEquals(2, ivs.size());
        assertEquals(new BigDecimal("100"), ivs.get(0).quantity());
        assertEquals(T0, ivs.get(0).start());
        assertEquals(T0.plusSeconds(3600), ivs.get(0).end());
        assertEquals(new BigDecimal("200"), ivs.get(1).quantity());
        assertEquals(T0.plusSeconds(3600), ivs.get(1).start());
        assertEquals(T0.plusSeconds(7200), ivs.get(1).end());
    }

    @Test
    void aTypeChangeChangesThePriceKey() {
        List<Interval> ivs = IntervalBuilder.build(List.of(fact(Fact.Kind.START, "gp2", 100, 0),
                fact(Fact.Kind.RERATE, "io2", 100, 60)));
        assertEquals(List.of("gp2", "io2"), ivs.stream().map(Interval::priceKey).toList());
        assertNull(ivs.get(1).end());
    }

    @Test
    void aDeletionOrModificationBeforeTheCreationOpensNothingAndTheCreationFindsThem() {
        Fact deleted = fact(Fact.Kind.END, null, 0, 7200);
        Fact modified = fact(Fact.Kind.RERATE, "gp3", 50, 3600);
        assertEquals(List.of(), IntervalBuilder.build(List.of(deleted)));
        assertEquals(List.of(), IntervalBuilder.build(List.of(modified, deleted)));
        List<Interval> ivs = IntervalBuilder.build(List.of(deleted, modified, fact(Fact.Kind.START, "gp3", 20, 0)));
        assertEquals(2, ivs.size());
        assertEquals(T0.plusSeconds(7200), ivs.get(1).end());
    }

    @Test
    void aDeletionDatedBeforeTheCreationClosesAtTheCreationNotNever() {
        List<Interval> ivs = IntervalBuilder.build(List.of(fact(Fact.Kind.START, "gp3", 20, 1000),
                fact(Fact.Kind.END, null, 0, 10)));
        assertEquals(List.of(), ivs);
    }

    @Test
    void zeroQuantitiesAreNotIntervalsAndEqualRatesMerge() {
        List<Interval> ivs = IntervalBuilder.build(List.of(fact(Fact.Kind.START, "gp3", 0, 0),
                fact(Fact.Kind.RERATE, "gp3", 1000, 100), fact(Fact.Kind.RERATE, "gp3", 1000, 200),
                fact(Fact.Kind.RERATE, "gp3", 0, 300), fact(Fact.Kind.END, null, 0, 400)));
        assertEquals(1, ivs.size());
        assertEquals(T0.plusSeconds(100), ivs.get(0).start());
        assertEquals(T0.plusSeconds(300), ivs.get(0).end());
    }

    @Test
    void reRatesOutsideTheLifeChangeNothingAndLaterDeletionsAreNoOps() {
        List<Interval> ivs = IntervalBuilder.build(List.of(fact(Fact.Kind.RERATE, "gp3", 999, -50),
                fact(Fact.Kind.START, "gp3", 10, 0), fact(Fact.Kind.END, null, 0, 100),
                fact(Fact.Kind.END, null, 0, 500), fact(Fact.Kind.RERATE, "gp3", 999, 100)));
        assertEquals(1, ivs.size());
        assertEquals(new BigDecimal("10"), ivs.get(0).quantity());
        assertEquals(T0.plusSeconds(100), ivs.get(0).end());
    }

    @Test
    void everyOrderAndEveryDuplicateGivesTheSameIntervals() {
        List<Fact> facts = List.of(fact(Fact.Kind.START, "gp3", 100, 0), fact(Fact.Kind.RERATE, "gp3", 200, 50),
                fact(Fact.Kind.RERATE, "io2", 200, 90), fact(Fact.Kind.RERATE, "io2", 300, 120),
                fact(Fact.Kind.END, null, 0, 400));
        List<Interval> expected = IntervalBuilder.build(facts);
        assertEquals(4, expected.size());
        for (int seed = 0; seed < 50; seed++) {
            List<Fact> replay = new ArrayList<>(facts);
            replay.addAll(facts);
            Collections.shuffle(replay, new Random(seed));
            assertEquals(expected, IntervalBuilder.build(replay), "seed " + seed);
        }
        assertTrue(expected.stream().allMatch(iv -> iv.end() != null));
    }
}
