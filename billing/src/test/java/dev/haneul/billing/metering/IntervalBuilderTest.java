package dev.haneul.billing.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IntervalBuilderTest {
    static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");

    static Fact fact(Fact.Kind kind, int attempt, long atSeconds) {
        return new Fact(UUID.randomUUID().toString(), "t", "123456789012", "i-1", MeterKind.INSTANCE_RUNNING, kind,
                "t3.micro", BigDecimal.ONE, T0.plusSeconds(atSeconds), attempt);
    }

    @Test
    void firstEndOfTheAttemptClosesTheIntervalAndLaterEndsAreNoOps() {
        List<Interval> ivs = IntervalBuilder.build(List.of(fact(Fact.Kind.START, 0, 0),
                fact(Fact.Kind.END, 0, 100), fact(Fact.Kind.END, 0, 500)));
        assertEquals(1, ivs.size());
        assertEquals(T0.plusSeconds(100), ivs.get(0).end());
    }

    @Test
    void anEndDatedBeforeTheStartDoesNotCloseIt() {
        List<Interval> ivs = IntervalBuilder.build(List.of(fact(Fact.Kind.START, 1, 1000),
                fact(Fact.Kind.END, 1, 10)));
        assertNull(ivs.get(0).end());
    }

    @Test
    void aLaterStartClosesAnIntervalWhoseEndWasLost() {
        List<Interval> ivs = IntervalBuilder.build(List.of(fact(Fact.Kind.START, 0, 0), fact(Fact.Kind.START, 1, 300),
                fact(Fact.Kind.END, 1, 400)));
        assertEquals(2, ivs.size());
        assertEquals(T0.plusSeconds(300), ivs.get(0).end());
        assertEquals(T0.plusSeconds(400), ivs.get(1).end());
    }

    @Test
    void orderAndDuplicatesDoNotChangeTheResult() {
        List<Fact> facts = new ArrayList<>(List.of(fact(Fact.Kind.START, 0, 0), fact(Fact.Kind.END, 0, 30),
                fact(Fact.Kind.START, 1, 3600), fact(Fact.Kind.END, 1, 7200), fact(Fact.Kind.START, 2, 10800)));
        List<Interval> expected = IntervalBuilder.build(facts);
        List<Fact> replay = new ArrayList<>(facts);
        replay.addAll(facts);
        Collections.shuffle(replay, new Random(7));
        assertEquals(expected, IntervalBuilder.build(replay));
        assertEquals(3, expected.size());
    }
}
