package dev.haneul.scheduler.placement.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.scheduler.host.LivenessHold;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The alive filter while the replica's liveness hold is on (just started, or just cut off from the fleet). */
class AliveFilterHoldTest {
    private static final Instant START = Instant.parse("2026-11-22T03:00:00Z");

    private static HostState host(boolean markedDown, Instant lastSeen) {
        return new HostState("host-1", "az-a", "rack-1", true, false, markedDown, lastSeen, 32, 131072, 0,
                Set.of("m5"), BigDecimal.ONE, BigDecimal.ONE, 0, 0, 0, 0, 0);
    }

    private static PlacementRequest at(Instant now) {
        return new PlacementRequest("i-1", "123456789012", 0, "m5.large", "m5", 2, 8192, 0, "az-a", null, now);
    }

    /** A hold whose replica has just started and hears heartbeats every second from then on. */
    private static LivenessHold startedAndHearing(Instant until) {
        LivenessHold hold = new LivenessHold(Duration.ofSeconds(60), Duration.ofSeconds(15), START);
        for (Instant t = START; !t.isAfter(until); t = t.plusSeconds(1)) {
            hold.heard(t);
        }
        return hold;
    }

    @Test
    void aSilentHostNotMarkedDownIsTrustedDuringTheHoldAndRejectedAfterIt() {
        AliveFilter f = new AliveFilter(Duration.ofSeconds(30), startedAndHearing(START.plusSeconds(60)));
        HostState silent = host(false, START.minusSeconds(45));   // its heartbeats are queued somewhere
        assertEquals(Optional.empty(), f.reject(silent, at(START.plusSeconds(59))));
        assertEquals(Optional.of(AliveFilter.REASON), f.reject(silent, at(START.plusSeconds(60))));
    }

    @Test
    void aHostMarkedDownOrNeverSeenIsRejectedEvenDuringTheHold() {
        AliveFilter f = new AliveFilter(Duration.ofSeconds(30), startedAndHearing(START.plusSeconds(1)));
        assertEquals(Optional.of(AliveFilter.REASON), f.reject(host(true, START), at(START.plusSeconds(1))));
        assertEquals(Optional.of(AliveFilter.REASON), f.reject(host(false, null), at(START.plusSeconds(1))));
    }

    @Test
    void withoutAHoldSilenceBeyondTheWindowIsDown() {
        AliveFilter f = new AliveFilter(Duration.ofSeconds(30), LivenessHold.never());
        assertEquals(Optional.empty(), f.reject(host(false, START.minusSeconds(30)), at(START)));
        assertEquals(Optional.of(AliveFilter.REASON), f.reject(host(false, START.minusSeconds(31)), at(START)));
    }
}
