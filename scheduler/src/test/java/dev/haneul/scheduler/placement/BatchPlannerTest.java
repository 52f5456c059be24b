package dev.haneul.scheduler.placement;

import static dev.haneul.scheduler.placement.Hosts.host;
import static dev.haneul.scheduler.placement.Hosts.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.scheduler.placement.PlacementPipeline.Weighted;
import dev.haneul.scheduler.placement.filter.HostFilter;
import dev.haneul.scheduler.placement.filter.MemoryFilter;
import dev.haneul.scheduler.placement.filter.VcpuFilter;
import dev.haneul.scheduler.placement.weigher.FreeVcpuWeigher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-memory decisions of a batch: capacity given to earlier requests of the batch, refreshed and gone hosts. */
class BatchPlannerTest {
    private static final List<HostFilter> FILTERS = List.of(new VcpuFilter(), new MemoryFilter());

    /** bestOf 1: deterministic; multiplier -1 packs, +1 spreads. */
    private static PlacementPipeline pipeline(double multiplier, int keep) {
        return new PlacementPipeline(FILTERS, List.of(new Weighted(new FreeVcpuWeigher(), multiplier)), 1, keep,
                new Random(1));
    }

    private static BatchPlanner planner(List<HostState> zone, double multiplier, int fullRankEvery) {
        return new BatchPlanner(pipeline(multiplier, 8), az -> "az-a".equals(az) ? zone : List.of(), fullRankEvery);
    }

    @Test
    void eachRequestSeesTheCapacityGivenToTheEarlierOnesOfTheBatch() {
        for (int fullRankEvery : new int[] {1, 16}) {
            // two hosts of 32 vCPUs, 4 and 0 used: room for seven and eight 4-vCPU instances
            List<HostState> zone = List.of(host("a", 4, 0), host("b", 0, 0));
            BatchPlanner planner = planner(zone, -1.0, fullRankEvery);
            Map<String, Integer> placed = new HashMap<>();
            int refused = 0;
            for (int i = 0; i < 20; i++) {
                HostState h = planner.place(request(4, 1024));
                if (h == null) {
                    refused++;
                } else {
                    placed.merge(h.hostId(), 1, Integer::sum);
                }
            }
            assertEquals(Map.of("a", 7, "b", 8), placed, "every " + fullRankEvery);
            assertEquals(5, refused);
            assertEquals(32, planner.touched().get("a").usedVcpus());
            assertEquals(32, planner.touched().get("b").usedVcpus());
            assertEquals(15, planner.touched().get("b").instanceCount() + planner.touched().get("a").instanceCount()
                    - 2);   // host() starts with usedVcpus / 2 instances: 2 on a, 0 on b
        }
    }

    @Test
    void packingFillsTheFullestHostFirstAndTheShortlistSavesFullRankings() {
        List<HostState> zone = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            zone.add(host(String.format("h%03d", i), i % 10, 0));
        }
        BatchPlanner planner = planner(zone, -1.0, 16);
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            chosen.add(planner.place(request(1, 512)).hostId());
        }
        // the fullest hosts (9 of 32 used) take the first requests; each is filled before the next is opened
        assertEquals("h009", chosen.get(0));
        assertEquals(23, chosen.stream().filter("h009"::equals).count());
        assertEquals("h019", chosen.get(23));
        assertTrue(planner.fullRanks() <= 40 / 16 + 1, "full rankings: " + planner.fullRanks());
        assertEquals(40, planner.ranks());   // one ranking per request: no shortlist ran dry
    }

    @Test
    void withFullRankingsEveryRequestIsRankedAsASinglePlacementWouldBe() {
        List<HostState> zone = List.of(host("a", 0, 0), host("b", 0, 0), host("c", 0, 0));
        BatchPlanner planner = planner(zone, 1.0, 1);   // spread: each request goes to the emptiest host
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chosen.add(planner.place(request(2, 512)).hostId());
        }
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), chosen);
        assertEquals(6, planner.fullRanks());
    }

    @Test
    void aHostRefreshedAfterAFailedClaimIsDecidedOnWhatTheDatabaseHolds() {
        List<HostState> zone = List.of(host("a", 16, 0), host("b", 0, 0));
        BatchPlanner planner = planner(zone, -1.0, 16);
        assertEquals("a", planner.place(request(4, 1024)).hostId());
        assertEquals("a", planner.place(request(4, 1024)).hostId());
        assertEquals(24, planner.touched().get("a").usedVcpus());
        // the claim on a failed: another replica filled it meanwhile; the database has it full
        planner.refresh(host("a", 32, 0));
        assertEquals("b", planner.place(request(4, 1024)).hostId());
        assertEquals("b", planner.place(request(4, 1024)).hostId());
        assertEquals(32, planner.touched().get("a").usedVcpus());
        assertEquals(8, planner.touched().get("b").usedVcpus());
        // a refreshed host with room again takes requests again
        planner.refresh(host("a", 0, 0));
        assertEquals("b", planner.place(request(4, 1024)).hostId());   // packing: b is now the fuller one
    }

    @Test
    void aHostThatNoLongerExistsIsNotChosen() {
        List<HostState> zone = List.of(host("a", 8, 0), host("b", 0, 0));
        BatchPlanner planner = planner(zone, -1.0, 16);
        assertEquals("a", planner.place(request(1, 512)).hostId());
        planner.forget("a");
        for (int i = 0; i < 5; i++) {
            assertEquals("b", planner.place(request(1, 512)).hostId());
        }
        assertNull(planner.touched().get("a"));
        assertNotNull(planner.touched().get("b"));
    }

    @Test
    void aZoneNotInTheViewHasNoRoom() {
        BatchPlanner planner = planner(List.of(host("a", 0, 0)), -1.0, 16);
        PlacementRequest elsewhere = new PlacementRequest("i-0123456789abcdef1", "123456789012", 0, "m5.large", "m5",
                2, 8192, 0, "az-b", null, Hosts.NOW);
        assertNull(planner.place(elsewhere));
    }
}
