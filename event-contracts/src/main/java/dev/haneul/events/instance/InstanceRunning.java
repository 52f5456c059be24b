package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The instance reached {@code running} at {@code at}: from this moment it is billed. */
@EventType(value = "haneul.instance.running.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceRunning(String accountId, String instanceId, int attempt, Instant at,
        String instanceType, String availabilityZone, String hostId, String privateIpAddress,
        String publicIpAddress) implements InstanceEvent {
}
