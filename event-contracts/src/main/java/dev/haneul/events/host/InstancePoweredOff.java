package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The host powered the instance off after a {@link StopInstance}. */
@EventType(value = "haneul.host.instance-powered-off.v1", topic = Topics.HOST_EVENTS)
public record InstancePoweredOff(String hostId, Instant at, String instanceId, int attempt) implements HostEvent {
}
