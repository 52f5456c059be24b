package dev.haneul.scheduler.placement.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.scheduler.placement.GroupContext;
import dev.haneul.scheduler.placement.GroupContext.Member;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementGroupFilterTest {
    private final HostFilter filter = new PlacementGroupFilter();

    private static HostState host(String id, String rack) {
        return new HostState(id, "az-a", rack, true, false, false, Instant.now(), 32, 131072, 0, Set.of("m5"),
                BigDecimal.ONE, BigDecimal.ONE, 0, 0, 0, 0, 0);
    }

    private static PlacementRequest in(String strategy, int partitions, List<Member> members) {
        GroupContext g = new GroupContext("pg-1", strategy, partitions, members,
                GroupContext.leastUsedPartition(strategy, partitions, members));
        return new PlacementRequest("i-1", "123456789012", 0, "m5.large", "m5", 2, 8192, 0, "az-a", g, Instant.now());
    }

    @Test
    void noGroupPassesEverything() {
        PlacementRequest none = new PlacementRequest("i-1", "123456789012", 0, "m5.large", "m5", 2, 8192, 0, "az-a",
                null, Instant.now());
        assertEquals(Optional.empty(), filter.reject(host("h1", "r1"), none));
    }

    @Test
    void clusterFollowsTheRackOfTheFirstMember() {
        assertEquals(Optional.empty(), filter.reject(host("h1", "r1"), in("cluster", 0, List.of())));
        List<Member> members = List.of(new Member("h1", "r1", null));
        assertEquals(Optional.empty(), filter.reject(host("h2", "r1"), in("cluster", 0, members)));
        assertEquals(Optional.of(PlacementGroupFilter.OTHER_RACK), filter.reject(host("h3", "r2"), in("cluster", 0, members)));
    }

    @Test
    void spreadNeedsADistinctHostAndAllowsSevenPerZone() {
        List<Member> one = List.of(new Member("h1", "r1", null));
        assertEquals(Optional.of(PlacementGroupFilter.HOST_TAKEN), filter.reject(host("h1", "r1"), in("spread", 0, one)));
        assertEquals(Optional.empty(), filter.reject(host("h2", "r1"), in("spread", 0, one)));
        List<Member> seven = Collections.nCopies(7, new Member("hx", "r9", null));
        assertEquals(Optional.of(PlacementGroupFilter.SPREAD_FULL), filter.reject(host("h2", "r1"), in("spread", 0, seven)));
    }

    @Test
    void partitionsKeepToDisjointRacks() {
        List<Member> members = List.of(new Member("h1", "r1", 1));   // partition 1 holds rack r1; next goes to 2
        PlacementRequest next = in("partition", 2, members);
        assertEquals(2, next.group().targetPartition());
        assertEquals(Optional.of(PlacementGroupFilter.PARTITION_RACK), filter.reject(host("h2", "r1"), next));
        assertEquals(Optional.empty(), filter.reject(host("h3", "r2"), next));
    }
}
