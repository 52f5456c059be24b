package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The scheduler claimed capacity on a host for the instance. */
@EventType(value = "haneul.instance.scheduled.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceScheduled(String accountId, String instanceId, int attempt, Instant at,
        String hostId, String availabilityZone, String instanceType, int vcpus, long memoryMib)
        implements InstanceEvent {
}
