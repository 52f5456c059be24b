package dev.haneul.events.volume;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The volume is attached to the instance at {@code device}. */
@EventType(value = "haneul.volume.attached.v1", topic = Topics.VOLUME_EVENTS)
public record VolumeAttached(String accountId, String volumeId, String instanceId, String device, Instant at)
        implements VolumeEvent {

    @Override
    public String subject() {
        return volumeId;
    }
}
