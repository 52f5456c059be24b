package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/**
 * The instance is {@code terminated}. Every service releases what it holds for it (capacity, addresses,
 * volumes marked delete-on-termination) and never allocates for it again: this event is also the
 * compensation of a failed launch, with {@code stateReason} such as {@code Server.InsufficientInstanceCapacity}.
 */
@EventType(value = "haneul.instance.terminated.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceTerminated(String accountId, String instanceId, int attempt, Instant at,
        String instanceType, String availabilityZone, String hostId, String stateReason, String stateReasonMessage)
        implements InstanceEvent {
}
