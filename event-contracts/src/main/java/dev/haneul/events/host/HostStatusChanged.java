package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;
import java.util.List;

/**
 * Published by the scheduler: the host's status is now {@code status} ({@code up}, {@code down} after missed
 * heartbeats, {@code disabled}, {@code draining}); {@code instanceIds} are the instances it held, whose system
 * status check is {@code impaired} while it is down.
 */
@EventType(value = "haneul.host.status-changed.v1", topic = Topics.HOST_EVENTS)
public record HostStatusChanged(String hostId, Instant at, String availabilityZone, String status, String reason,
        List<String> instanceIds)
        implements HostEvent {
}
