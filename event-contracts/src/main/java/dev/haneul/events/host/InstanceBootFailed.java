package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The driver could not boot the instance; {@code code} is a state reason such as {@code Server.InternalError}. */
@EventType(value = "haneul.host.instance-boot-failed.v1", topic = Topics.HOST_EVENTS)
public record InstanceBootFailed(String hostId, Instant at, String instanceId, int attempt, String code,
        String message) implements HostEvent {
}
