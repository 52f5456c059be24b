package dev.haneul.scheduler.placementgroup;

import io.smallrye.mutiny.Uni;

/**
 * How many instances hold capacity in a placement group now (a group in use may not be deleted). placement
 * counts its allocations for it ({@code GroupAllocations} implements this), so placementgroup needs nothing of
 * placement's, which reads the groups when it places.
 */
public interface GroupUse {
    /** Runs in the caller's session. */
    Uni<Long> instancesIn(String groupId);
}
