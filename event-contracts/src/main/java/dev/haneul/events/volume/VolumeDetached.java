package dev.haneul.events.volume;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The volume was detached from the instance. */
@EventType(value = "haneul.volume.detached.v1", topic = Topics.VOLUME_EVENTS)
public record VolumeDetached(String accountId, String volumeId, String instanceId, String device, Instant at)
        implements VolumeEvent {

    @Override
    public String subject() {
        return volumeId;
    }
}
