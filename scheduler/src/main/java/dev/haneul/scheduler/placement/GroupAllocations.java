package dev.haneul.scheduler.placement;

import dev.haneul.scheduler.placementgroup.GroupUse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** placementgroup's {@link GroupUse}: the allocations that name the group. */
@ApplicationScoped
public class GroupAllocations implements GroupUse {

    @Override
    public Uni<Long> instancesIn(String groupId) {
        return Allocation.count("placementGroupId", groupId);
    }
}
