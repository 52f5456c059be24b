package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The host attached the volume to the instance. */
@EventType(value = "haneul.host.volume-attached.v1", topic = Topics.HOST_EVENTS)
public record VolumeAttachedToHost(String hostId, Instant at, String instanceId, String volumeId, String device)
        implements HostEvent {
}
