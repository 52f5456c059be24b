package dev.haneul.scheduler.placement;

import dev.haneul.events.instance.InstanceRequested;
import java.time.Instant;

/** What is to be placed, its placement group (null when none), and when the decision is taken (for liveness checks). */
public record PlacementRequest(String instanceId, String accountId, int attempt, String instanceType, String family,
        int vcpus, long memoryMib, int gpus, String availabilityZone, GroupContext group, Instant now) {

    public static PlacementRequest of(InstanceRequested r, GroupContext group, Instant now) {
        return new PlacementRequest(r.instanceId(), r.accountId(), r.attempt(), r.instanceType(), r.family(),
                r.vcpus(), r.memoryMib(), r.gpus(), r.availabilityZone(), group, now);
    }
}
