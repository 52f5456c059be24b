package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The host powered the instance off; its host capacity and auto-assigned public IP are released. */
@EventType(value = "haneul.instance.stopped.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceStopped(String accountId, String instanceId, int attempt, Instant at,
        String instanceType, String availabilityZone, String hostId, String stateReason) implements InstanceEvent {
}
