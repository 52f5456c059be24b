package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The host booted the instance for {@code attempt}; {@code consoleOutput} is what the driver captured. */
@EventType(value = "haneul.host.instance-booted.v1", topic = Topics.HOST_EVENTS)
public record InstanceBooted(String hostId, Instant at, String instanceId, int attempt, String consoleOutput)
        implements HostEvent {
}
