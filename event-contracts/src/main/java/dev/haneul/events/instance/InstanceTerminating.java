package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The instance entered {@code shutting-down} at {@code at}: billing of its compute ends here. */
@EventType(value = "haneul.instance.terminating.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceTerminating(String accountId, String instanceId, int attempt, Instant at,
        String instanceType, String availabilityZone, String hostId, String stateReason) implements InstanceEvent {
}
