package dev.haneul.scheduler.placement.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FiltersTest {
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    private static HostState host(String az, boolean enabled, boolean draining, Instant lastSeen, int gpus,
            BigDecimal cpuOvercommit, int usedVcpus, long usedMemoryMib) {
        return new HostState("host-1", az, "rack-1", enabled, draining, false, lastSeen, 32, 131072, gpus, Set.of("t3", "m5"),
                cpuOvercommit, BigDecimal.ONE, usedVcpus, usedMemoryMib, 0, 0, 0);
    }

    private static HostState healthy() {
        return host("az-a", true, false, NOW, 0, BigDecimal.ONE, 0, 0);
    }

    private static PlacementRequest request(String family, int vcpus, long memoryMib, int gpus) {
        return new PlacementRequest("i-1", "123456789012", 0, family + ".large", family, vcpus, memoryMib, gpus, "az-a",
                null, NOW);
    }

    private static final PlacementRequest M5 = request("m5", 2, 8192, 0);

    @Test
    void availabilityZone() {
        HostFilter f = new AvailabilityZoneFilter();
        assertEquals(Optional.empty(), f.reject(healthy(), M5));
        assertEquals(Optional.of("wrong-availability-zone"),
                f.reject(host("az-b", true, false, NOW, 0, BigDecimal.ONE, 0, 0), M5));
    }

    @Test
    void enabled() {
        HostFilter f = new EnabledFilter();
        assertEquals(Optional.empty(), f.reject(healthy(), M5));
        assertEquals(Optional.of("host-disabled"), f.reject(host("az-a", false, false, NOW, 0, BigDecimal.ONE, 0, 0), M5));
        assertEquals(Optional.of("host-draining"), f.reject(host("az-a", true, true, NOW, 0, BigDecimal.ONE, 0, 0), M5));
    }

    @Test
    void alive() {
        HostFilter f = new AliveFilter(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), f.reject(host("az-a", true, false, NOW.minusSeconds(30), 0, BigDecimal.ONE, 0, 0),
                M5));
        assertEquals(Optional.of("host-down"),
                f.reject(host("az-a", true, false, NOW.minusSeconds(31), 0, BigDecimal.ONE, 0, 0), M5));
    }

    @Test
    void aHostMarkedDownIsRejectedEvenWithARecentHeartbeat() {
        HostFilter f = new AliveFilter(Duration.ofSeconds(30));
        HostState down = new HostState("host-1", "az-a", "rack-1", true, false, true, NOW, 32, 131072, 0,
                Set.of("t3", "m5"), BigDecimal.ONE, BigDecimal.ONE, 0, 0, 0, 0, 0);
        assertEquals(Optional.of("host-down"), f.reject(down, M5));
        HostState neverSeen = new HostState("host-1", "az-a", "rack-1", true, false, false, null, 32, 131072, 0,
                Set.of("t3", "m5"), BigDecimal.ONE, BigDecimal.ONE, 0, 0, 0, 0, 0);
        assertEquals(Optional.of("host-down"), f.reject(neverSeen, M5));
    }

    @Test
    void familyPassesRequestsWithoutAFamily() {
        HostFilter f = new FamilyFilter();
        assertEquals(Optional.empty(), f.reject(healthy(), request(null, 2, 8192, 0)));
    }

    @Test
    void gpusAlreadyClaimedAreNotFree() {
        HostFilter f = new GpuFilter();
        HostState oneOfTwoUsed = new HostState("host-1", "az-a", "rack-1", true, false, false, NOW, 32, 131072, 2,
                Set.of("g4dn"), BigDecimal.ONE, BigDecimal.ONE, 0, 0, 1, 1, 0);
        assertEquals(Optional.empty(), f.reject(oneOfTwoUsed, request("g4dn", 4, 16384, 1)));
        assertEquals(Optional.of("insufficient-gpus"), f.reject(oneOfTwoUsed, request("g4dn", 8, 32768, 2)));
    }

    @Test
    void memoryCountsTheOvercommit() {
        HostFilter f = new MemoryFilter();
        HostState over = new HostState("host-1", "az-a", "rack-1", true, false, false, NOW, 32, 131072, 0,
                Set.of("m5"), BigDecimal.ONE, new BigDecimal("1.5"), 0, 196608 - 8192, 0, 0, 0);
        assertEquals(Optional.empty(), f.reject(over, M5));
        assertEquals(Optional.of("insufficient-memory"), f.reject(over, request("m5", 2, 8193, 0)));
    }

    @Test
    void limitsRoundDownAsTheClaimsSqlDoes() {
        // FLOOR(20 * 1.15) = 23 exactly (a double would give 22.999...); FLOOR(10 * 1.05) = 10
        assertEquals(23, HostState.limit(20, new BigDecimal("1.15")));
        assertEquals(10, HostState.limit(10, new BigDecimal("1.05")));
        assertEquals(64, HostState.limit(64, null));
    }

    @Test
    void everyFilterHasTheNameTheConfigurationUses() {
        assertEquals(List.of("availability-zone", "enabled", "alive", "family", "gpu", "vcpu", "memory",
                "placement-group"), Stream.of(new AvailabilityZoneFilter(), new EnabledFilter(),
                        new AliveFilter(Duration.ofSeconds(30)), new FamilyFilter(), new GpuFilter(), new VcpuFilter(),
                        new MemoryFilter(), new PlacementGroupFilter()).map(HostFilter::name).toList());
    }

    @Test
    void family() {
        HostFilter f = new FamilyFilter();
        assertEquals(Optional.empty(), f.reject(healthy(), M5));
        assertEquals(Optional.of("family-not-supported"), f.reject(healthy(), request("g4dn", 4, 16384, 1)));
    }

    @Test
    void gpu() {
        HostFilter f = new GpuFilter();
        assertEquals(Optional.empty(), f.reject(healthy(), M5));
        assertEquals(Optional.of("insufficient-gpus"), f.reject(healthy(), request("m5", 2, 8192, 1)));
        assertEquals(Optional.empty(), f.reject(host("az-a", true, false, NOW, 1, BigDecimal.ONE, 0, 0),
                request("m5", 2, 8192, 1)));
    }

    @Test
    void vcpuCountsTheOvercommit() {
        HostFilter f = new VcpuFilter();
        assertEquals(Optional.empty(), f.reject(host("az-a", true, false, NOW, 0, BigDecimal.ONE, 30, 0), M5));
        assertEquals(Optional.of("insufficient-vcpus"),
                f.reject(host("az-a", true, false, NOW, 0, BigDecimal.ONE, 31, 0), M5));
        assertEquals(Optional.empty(), f.reject(host("az-a", true, false, NOW, 0, new BigDecimal("1.5"), 46, 0), M5));
    }

    @Test
    void memory() {
        HostFilter f = new MemoryFilter();
        assertEquals(Optional.empty(), f.reject(host("az-a", true, false, NOW, 0, BigDecimal.ONE, 0, 131072 - 8192), M5));
        assertEquals(Optional.of("insufficient-memory"),
                f.reject(host("az-a", true, false, NOW, 0, BigDecimal.ONE, 0, 131072 - 8191), M5));
    }
}
