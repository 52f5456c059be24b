package dev.haneul.scheduler.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a replica may take a host's silence for its death (grace 60 s, silence 15 s). */
class LivenessHoldTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    private static LivenessHold hold() {
        return new LivenessHold(Duration.ofSeconds(60), Duration.ofSeconds(15), T0);
    }

    private static void hearEverySecond(LivenessHold hold, Instant from, Instant to) {
        for (Instant t = from; !t.isAfter(to); t = t.plusSeconds(1)) {
            hold.heard(t);
        }
    }

    @Test
    void holdsUntilTheFirstHeartbeatAndForTheGraceAfterIt() {
        LivenessHold hold = hold();
        assertTrue(hold.holds(T0.plusSeconds(300)), "nothing heard yet");
        hearEverySecond(hold, T0.plusSeconds(100), T0.plusSeconds(200));
        assertTrue(hold.holds(T0.plusSeconds(159)));
        assertFalse(hold.holds(T0.plusSeconds(160)));
    }

    @Test
    void aReplicaThatHeardNothingForHalfTheWindowHoldsAndTheGraceRestartsWhenHeartbeatsResume() {
        LivenessHold hold = hold();
        hearEverySecond(hold, T0, T0.plusSeconds(100));
        assertFalse(hold.holds(T0.plusSeconds(115)));
        assertTrue(hold.holds(T0.plusSeconds(116)), "its link to Kafka is down: 16 s without a heartbeat");
        hearEverySecond(hold, T0.plusSeconds(130), T0.plusSeconds(300));    // the cut ends at 130 s
        assertTrue(hold.holds(T0.plusSeconds(189)), "queued heartbeats still arriving");
        assertFalse(hold.holds(T0.plusSeconds(190)));
    }

    @Test
    void aSilentFleetHoldsUntilHeardAndAFailedCheckRestartsTheGrace() {
        LivenessHold hold = hold();
        hearEverySecond(hold, T0, T0.plusSeconds(200));
        assertFalse(hold.holds(T0.plusSeconds(100)));
        hold.fleetSilent(T0.plusSeconds(100));
        assertTrue(hold.holds(T0.plusSeconds(100)));
        hold.fleetHeard();
        assertTrue(hold.holds(T0.plusSeconds(159)));
        assertFalse(hold.holds(T0.plusSeconds(160)));
        hold.restart(T0.plusSeconds(170));
        assertTrue(hold.holds(T0.plusSeconds(200)));
    }

    @Test
    void neverHolds() {
        assertFalse(LivenessHold.never().holds(T0));
    }
}
