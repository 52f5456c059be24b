package dev.haneul.scheduler.placement.weigher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementPipeline;
import dev.haneul.scheduler.placement.PlacementPipeline.Weighted;
import dev.haneul.scheduler.placement.PlacementRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each weigher: the raw value it measures, and which host it prefers with a negative and a positive multiplier. */
class WeighersTest {
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    private static final PlacementRequest REQ = new PlacementRequest("i-1", "123456789012", 0, "m5.large", "m5", 2,
            8192, 0, "az-a", null, NOW);

    private static HostState host(String id, BigDecimal cpuOver, int usedVcpus, long usedMemoryMib, int count) {
        return new HostState(id, "az-a", "rack-1", true, false, false, NOW, 32, 131072, 0, Set.of("m5"), cpuOver,
                new BigDecimal("1.5"), usedVcpus, usedMemoryMib, 0, count, 0);
    }

    private static String first(HostWeigher w, double multiplier, List<HostState> hosts) {
        return new PlacementPipeline(List.of(), List.of(new Weighted(w, multiplier)), 1, new Random(1))
                .rank(hosts, REQ).hosts().get(0).hostId();
    }

    @Test
    void freeVcpusCountTheOvercommit() {
        HostWeigher w = new FreeVcpuWeigher();
        assertEquals("free-vcpu", w.name());
        assertEquals(64 - 10.0, w.raw(host("h", new BigDecimal("2.0"), 10, 0, 1), REQ));
        List<HostState> hosts = List.of(host("busy", BigDecimal.ONE, 30, 0, 1), host("idle", BigDecimal.ONE, 0, 0, 9));
        assertEquals("busy", first(w, -1.0, hosts));   // pack
        assertEquals("idle", first(w, 1.0, hosts));    // spread
    }

    @Test
    void freeMemoryCountsTheOvercommit() {
        HostWeigher w = new FreeMemoryWeigher();
        assertEquals("free-memory", w.name());
        assertEquals(196608 - 4096.0, w.raw(host("h", BigDecimal.ONE, 0, 4096, 1), REQ));
        List<HostState> hosts = List.of(host("full", BigDecimal.ONE, 0, 190000, 1), host("empty", BigDecimal.ONE, 0, 0, 9));
        assertEquals("full", first(w, -1.0, hosts));
        assertEquals("empty", first(w, 1.0, hosts));
    }

    @Test
    void instanceCountPrefersEmptierHostsWithANegativeMultiplier() {
        HostWeigher w = new InstanceCountWeigher();
        assertEquals("instance-count", w.name());
        assertEquals(5.0, w.raw(host("h", BigDecimal.ONE, 0, 0, 5), REQ));
        List<HostState> hosts = List.of(host("crowded", BigDecimal.ONE, 0, 0, 12), host("quiet", BigDecimal.ONE, 0, 0, 1));
        assertEquals("quiet", first(w, -1.0, hosts));
        assertEquals("crowded", first(w, 1.0, hosts));
    }

    @Test
    void aHeavierMultiplierWinsOverALighterOne() {
        // free-vcpu packs with weight 2, instance-count spreads with weight 1: the packed host wins
        List<HostState> hosts = List.of(host("packed", BigDecimal.ONE, 30, 0, 10), host("empty", BigDecimal.ONE, 0, 0, 0));
        PlacementPipeline p = new PlacementPipeline(List.of(), List.of(new Weighted(new FreeVcpuWeigher(), -2.0),
                new Weighted(new InstanceCountWeigher(), -1.0)), 1, new Random(1));
        assertEquals("packed", p.rank(hosts, REQ).hosts().get(0).hostId());
    }
}
