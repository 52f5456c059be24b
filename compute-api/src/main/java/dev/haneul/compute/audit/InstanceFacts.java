package dev.haneul.compute.audit;

import dev.haneul.compute.instance.InstanceState;
import java.time.Instant;

/** What the audit needs of one of compute-api's instances. */
public record InstanceFacts(String instanceId, InstanceState state, Instant stateChangedAt, String hostId,
        String networkInterfaceId) {
}
