package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The host detached the volume from the instance. */
@EventType(value = "haneul.host.volume-detached.v1", topic = Topics.HOST_EVENTS)
public record VolumeDetachedFromHost(String hostId, Instant at, String instanceId, String volumeId, String device)
        implements HostEvent {
}
