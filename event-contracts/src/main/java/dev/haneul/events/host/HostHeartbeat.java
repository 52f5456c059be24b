package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;
import java.util.List;

/** The host is alive and runs exactly {@code instanceIds}. */
@EventType(value = "haneul.host.heartbeat.v1", topic = Topics.HOST_EVENTS)
public record HostHeartbeat(String hostId, Instant at, String agentId, List<String> instanceIds)
        implements HostEvent {
}
