package dev.haneul.scheduler.placement.filter;

import dev.haneul.scheduler.placement.GroupContext;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.PlacementRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Applies the instance's placement group rule: cluster keeps the group on the rack of its first member; spread
 * puts every member on a distinct host, at most {@value #SPREAD_LIMIT} per availability zone; partition keeps
 * each partition on racks no other partition uses.
 */
@ApplicationScoped
public class PlacementGroupFilter implements HostFilter {
    public static final int SPREAD_LIMIT = 7;
    public static final String OTHER_RACK = "cluster-group-on-another-rack";
    public static final String HOST_TAKEN = "spread-group-member-on-host";
    public static final String SPREAD_FULL = "spread-group-full-in-zone";
    public static final String PARTITION_RACK = "rack-used-by-another-partition";

    @Override
    public String name() {
        return "placement-group";
    }

    @Override
    public Optional<String> reject(HostState host, PlacementRequest request) {
        GroupContext g = request.group();
        if (g == null) {
            return Optional.empty();
        }
        switch (g.strategy()) {
            case "cluster":
                return g.members().isEmpty() || g.memberRacks().contains(host.rack()) ? Optional.empty()
                        : Optional.of(OTHER_RACK);
            case "spread":
                if (g.members().size() >= SPREAD_LIMIT) {
                    return Optional.of(SPREAD_FULL);
                }
                return g.memberHosts().contains(host.hostId()) ? Optional.of(HOST_TAKEN) : Optional.empty();
            case "partition":
                return g.racksOfOtherPartitions().contains(host.rack()) ? Optional.of(PARTITION_RACK)
                        : Optional.empty();
            default:
                return Optional.empty();
        }
    }
}
