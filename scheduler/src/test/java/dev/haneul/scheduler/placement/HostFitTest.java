package dev.haneul.scheduler.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.scheduler.placement.filter.AliveFilter;
import dev.haneul.scheduler.placement.filter.EnabledFilter;
import dev.haneul.scheduler.placement.filter.GpuFilter;
import dev.haneul.scheduler.placement.filter.HostFilter;
import dev.haneul.scheduler.placement.filter.MemoryFilter;
import dev.haneul.scheduler.placement.filter.VcpuFilter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link HostFit}'s Java form at its edges, and the filters that judge its parts together saying what it says.
 * ({@code HostFitSqlTest} holds its SQL form to the same answers on the real database.)
 */
class HostFitTest {
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    /** 20 vCPUs × 1.15 (limit 23), 1,000 MiB × 1.5 (limit 1,500), 2 GPUs. */
    private static HostState host(boolean enabled, boolean draining, boolean down, int usedVcpus, long usedMemoryMib,
            int usedGpus) {
        return new HostState("host-1", "az-a", "rack-1", enabled, draining, down, NOW, 20, 1000, 2, Set.of("g4dn"),
                new BigDecimal("1.15"), new BigDecimal("1.5"), usedVcpus, usedMemoryMib, usedGpus, 0, 0);
    }

    private static HostState empty() {
        return host(true, false, false, 0, 0, 0);
    }

    @Test
    void eachLimitIsCapacityTimesOvercommitRoundedDownAndTakenToTheLast() {
        assertTrue(HostFit.fits(empty(), 23, 1500, 2));   // FLOOR(20 × 1.15) = 23, exactly (not 22.999…)
        assertFalse(HostFit.fits(empty(), 24, 1500, 2));
        assertFalse(HostFit.fits(empty(), 23, 1501, 2));
        assertFalse(HostFit.fits(empty(), 23, 1500, 3));   // GPUs are never overcommitted
        assertEquals(10, HostFit.limit(10, new BigDecimal("1.05")));
        assertEquals(64, HostFit.limit(64, null));
    }

    @Test
    void whatIsClaimedCountsAgainstTheLimits() {
        HostState used = host(true, false, false, 20, 1400, 1);
        assertTrue(HostFit.fits(used, 3, 100, 1));
        assertFalse(HostFit.fits(used, 4, 100, 1));
        assertFalse(HostFit.fits(used, 3, 101, 1));
        assertFalse(HostFit.fits(used, 3, 100, 2));
        HostState full = host(true, false, false, 23, 1500, 2);
        assertTrue(HostFit.fits(full, 0, 0, 0));
        assertFalse(HostFit.fits(full, 1, 0, 0));
    }

    @Test
    void aHostOutOfServiceTakesNothingWhateverItsRoom() {
        assertFalse(HostFit.fits(host(false, false, false, 0, 0, 0), 1, 1, 0));
        assertFalse(HostFit.fits(host(true, true, false, 0, 0, 0), 1, 1, 0));
        assertFalse(HostFit.fits(host(true, false, true, 0, 0, 0), 1, 1, 0));
        assertTrue(HostFit.takesInstances(empty()));
    }

    @Test
    void theFiltersOfItsPartsTogetherSayWhatTheRuleSays() {
        List<HostFilter> parts = List.of(new EnabledFilter(), new AliveFilter(Duration.ofSeconds(30)), new VcpuFilter(),
                new MemoryFilter(), new GpuFilter());
        List<HostState> hosts = new ArrayList<>();
        for (boolean enabled : new boolean[] {true, false}) {
            for (boolean draining : new boolean[] {false, true}) {
                for (boolean down : new boolean[] {false, true}) {
                    hosts.add(host(enabled, draining, down, 0, 0, 0));
                    hosts.add(host(enabled, draining, down, 20, 1400, 1));
                    hosts.add(host(enabled, draining, down, 23, 1500, 2));
                }
            }
        }
        int fitting = 0;
        int checked = 0;
        for (HostState h : hosts) {
            for (int v : new int[] {0, 1, 3, 4, 23, 24}) {
                for (long m : new long[] {0, 100, 101, 1500, 1501}) {
                    for (int g : new int[] {0, 1, 2, 3}) {
                        PlacementRequest r = new PlacementRequest("i-1", "123456789012", 0, "g4dn.xlarge", "g4dn", v,
                                m, g, "az-a", null, NOW);
                        boolean passes = parts.stream().allMatch(f -> f.reject(h, r).isEmpty());
                        assertEquals(HostFit.fits(h, v, m, g), passes, () -> h + " " + r);
                        fitting += passes ? 1 : 0;
                        checked++;
                    }
                }
            }
        }
        assertTrue(fitting > 0 && fitting < checked, "both answers occur");
    }

    @Test
    void itsSqlBindsTheAmountsItNeverHoldsThem() {
        String positional = HostFit.sql("?", "?", "?");
        assertEquals(3, positional.chars().filter(c -> c == '?').count());
        assertTrue(HostFit.sql(":v", ":m", ":g").contains("used_vcpus + :v <= FLOOR(vcpus * cpu_overcommit)"));
        assertThrows(IllegalArgumentException.class, () -> HostFit.sql("1", "?", "?"));
        assertThrows(IllegalArgumentException.class, () -> HostFit.sql("?", "? OR 1=1", "?"));
        assertThrows(IllegalArgumentException.class, () -> HostFit.sql("?", "?", null));
    }
}
