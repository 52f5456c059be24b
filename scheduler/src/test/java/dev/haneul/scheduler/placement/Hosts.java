package dev.haneul.scheduler.placement;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/** Host snapshots and requests for the pipeline's unit tests. */
final class Hosts {
    static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    private Hosts() {
    }

    static HostState host(String id, int usedVcpus, long usedMemoryMib) {
        return new HostState(id, "az-a", "az-a-rack-1", true, false, false, NOW, 32, 131072, 0, Set.of("t3", "m5"),
                BigDecimal.ONE, BigDecimal.ONE, usedVcpus, usedMemoryMib, 0, usedVcpus / 2, 1);
    }

    static PlacementRequest request(int vcpus, long memoryMib) {
        return new PlacementRequest("i-0123456789abcdef0", "123456789012", 0, "m5.large", "m5", vcpus, memoryMib, 0,
                "az-a", null, NOW);
    }
}
