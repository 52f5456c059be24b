package dev.haneul.scheduler.placement;

import static dev.haneul.scheduler.placement.Hosts.host;
import static dev.haneul.scheduler.placement.Hosts.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.scheduler.placement.PlacementPipeline.Weighted;
import dev.haneul.scheduler.placement.filter.HostFilter;
import dev.haneul.scheduler.placement.filter.MemoryFilter;
import dev.haneul.scheduler.placement.filter.VcpuFilter;
import dev.haneul.scheduler.placement.weigher.FreeMemoryWeigher;
import dev.haneul.scheduler.placement.weigher.FreeVcpuWeigher;
import dev.haneul.scheduler.placement.weigher.HostWeigher;
import dev.haneul.scheduler.placement.weigher.InstanceCountWeigher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementPipelineTest {
    private static final List<HostFilter> FILTERS = List.of(new VcpuFilter(), new MemoryFilter());
    private final List<HostState> hosts = List.of(host("empty", 0, 0), host("half", 16, 65536),
            host("full", 32, 0), host("nearly", 28, 16384));

    private static PlacementPipeline pipeline(double multiplier, int bestOf, long seed) {
        return new PlacementPipeline(FILTERS, List.of(new Weighted(new FreeVcpuWeigher(), multiplier)), bestOf,
                new Random(seed));
    }

    @Test
    void filtersRejectWithCountedReasons() {
        Ranking r = pipeline(-1.0, 1, 1).rank(hosts, request(2, 8192));
        assertEquals(Map.of("insufficient-vcpus", 1), r.rejections());
        assertEquals(3, r.hosts().size());
    }

    @Test
    void aNegativeMultiplierPacksAndAPositiveOneSpreads() {
        assertEquals("nearly", pipeline(-1.0, 1, 1).rank(hosts, request(2, 8192)).hosts().get(0).hostId());
        assertEquals("empty", pipeline(1.0, 1, 1).rank(hosts, request(2, 8192)).hosts().get(0).hostId());
    }

    @Test
    void theChoiceIsRandomAmongTheBestFewOnly() {
        Set<String> firsts = new HashSet<>();
        PlacementPipeline p = pipeline(-1.0, 2, 42);
        for (int i = 0; i < 50; i++) {
            firsts.add(p.rank(hosts, request(2, 8192)).hosts().get(0).hostId());
        }
        assertEquals(Set.of("nearly", "half"), firsts);
    }

    @Test
    void weighersAreNormalisedToZeroOneAndMultiplied() {
        PlacementPipeline p = new PlacementPipeline(FILTERS, List.of(new Weighted(new FreeMemoryWeigher(), 2.0),
                new Weighted(new InstanceCountWeigher(), -1.0)), 1, new Random(1));
        List<HostState> two = List.of(host("a", 0, 0), host("b", 16, 131072 - 1024));
        Map<String, Double> scores = p.scores(two, request(1, 512));
        assertEquals(2.0, scores.get("a"), 1e-9);    // most free memory (1 x 2.0), fewest instances (0 x -1)
        assertEquals(-1.0, scores.get("b"), 1e-9);   // least free memory (0), most instances (1 x -1)
        Map<String, Double> equal = p.scores(List.of(host("a", 0, 0), host("c", 0, 0)), request(1, 512));
        assertEquals(0.0, equal.get("a"), 1e-9);
    }

    @Test
    void eachWeigherMeasuresWhatItsNameSays() {
        HostState h = host("h", 8, 4096);
        assertEquals(24.0, new FreeVcpuWeigher().raw(h, request(1, 1)));
        assertEquals(131072 - 4096.0, new FreeMemoryWeigher().raw(h, request(1, 1)));
        assertEquals(4.0, new InstanceCountWeigher().raw(h, request(1, 1)));
    }

    @Test
    void thePipelineIsBuiltFromNamesAndRejectsUnknownOnes() {
        List<HostWeigher> known = List.of(new FreeVcpuWeigher(), new FreeMemoryWeigher());
        List<Weighted> w = PlacementPipeline.parseWeighers(List.of("free-memory:-2.5", "free-vcpu"), known);
        assertEquals(-2.5, w.get(0).multiplier());
        assertTrue(w.get(1).weigher() instanceof FreeVcpuWeigher);
        assertEquals(1.0, w.get(1).multiplier());
        assertThrows(IllegalArgumentException.class, () -> PlacementPipeline.pick(List.of("nonsense"), FILTERS,
                HostFilter::name, "filter"));
    }

    @Test
    void aBoundedRankingKeepsExactlyTheBestHostsOfALargeFleet() {
        List<HostState> fleet = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < 3000; i++) {
            fleet.add(host(String.format("h%04d", i), r.nextInt(33), r.nextInt(131073)));
        }
        PlacementRequest req = request(2, 8192);
        PlacementPipeline all = new PlacementPipeline(FILTERS, List.of(new Weighted(new FreeVcpuWeigher(), -1.0),
                new Weighted(new FreeMemoryWeigher(), -1.0)), 1, new Random(1));
        PlacementPipeline bounded = new PlacementPipeline(FILTERS, List.of(new Weighted(new FreeVcpuWeigher(), -1.0),
                new Weighted(new FreeMemoryWeigher(), -1.0)), 1, 3, new Random(1));
        Ranking full = all.rank(fleet, req);
        Ranking top = bounded.rank(fleet, req);
        assertEquals(3, top.hosts().size());
        assertEquals(full.hosts().subList(0, 3), top.hosts());
        assertEquals(full.passing(), top.passing());
        assertEquals(full.rejections(), top.rejections());
        // the full ranking is in descending score order
        Map<String, Double> scores = all.scores(full.hosts(), req);
        for (int i = 1; i < full.hosts().size(); i++) {
            assertTrue(scores.get(full.hosts().get(i - 1).hostId()) >= scores.get(full.hosts().get(i).hostId()));
        }
    }

    @Test
    void equalHostsRankByHostId() {
        List<HostState> same = List.of(host("c", 0, 0), host("a", 0, 0), host("b", 0, 0));
        assertEquals(List.of("a", "b", "c"), pipeline(-1.0, 1, 1).rank(same, request(1, 512)).hosts().stream()
                .map(HostState::hostId).toList());
    }

    @Test
    void nothingFitsGivesAnEmptyRanking() {
        Ranking r = pipeline(-1.0, 3, 1).rank(hosts, request(64, 8192));
        assertTrue(r.isEmpty());
        assertEquals(Map.of("insufficient-vcpus", 4), r.rejections());
    }
}
