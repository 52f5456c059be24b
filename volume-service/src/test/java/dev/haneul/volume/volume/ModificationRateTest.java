package dev.haneul.volume.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModificationRateTest {
    private final ModificationRate rate = new ModificationRate(4, Duration.ofHours(24));
    private final Instant t0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void fourPerRollingWindowThenTheOldestLeavesIt() {
        String stored = null;
        for (int i = 0; i < 4; i++) {
            assertTrue(rate.allows(stored, t0.plus(Duration.ofHours(i))));
            stored = rate.record(stored, t0.plus(Duration.ofHours(i)));
        }
        assertFalse(rate.allows(stored, t0.plus(Duration.ofHours(5))));
        assertEquals(t0.plus(Duration.ofHours(24)), rate.nextAllowed(stored, t0.plus(Duration.ofHours(5))));
        assertFalse(rate.allows(stored, t0.plus(Duration.ofHours(24)).minusMillis(1)));
        assertTrue(rate.allows(stored, t0.plus(Duration.ofHours(24))), "24 hours after the oldest start");
        String after = rate.record(stored, t0.plus(Duration.ofHours(25)));
        // the starts at t0 and t0+1h are 24 h old or older by t0+25h and leave the stored list
        assertEquals(3, rate.recent(after, t0.plus(Duration.ofHours(25))).size());
        assertEquals(3, after.split(",").length);
    }
}
