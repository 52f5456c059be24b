package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The guest shut itself down (e.g. {@code shutdown -h now}); compute-api applies the shutdown behaviour. */
@EventType(value = "haneul.host.instance-shutdown-initiated.v1", topic = Topics.HOST_EVENTS)
public record InstanceShutdownInitiated(String hostId, Instant at, String instanceId, int attempt)
        implements HostEvent {
}
