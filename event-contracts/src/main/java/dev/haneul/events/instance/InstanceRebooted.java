package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** A reboot was sent to the instance's host; the instance stays {@code running} on the same host. */
@EventType(value = "haneul.instance.rebooted.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceRebooted(String accountId, String instanceId, int attempt, Instant at,
        String instanceType, String hostId) implements InstanceEvent {
}
