package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The host no longer has the instance after a {@link DestroyInstance}. */
@EventType(value = "haneul.host.instance-destroyed.v1", topic = Topics.HOST_EVENTS)
public record InstanceDestroyed(String hostId, Instant at, String instanceId, int attempt) implements HostEvent {
}
