package dev.haneul.events.volume;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The volume no longer exists from {@code at}. */
@EventType(value = "haneul.volume.deleted.v1", topic = Topics.VOLUME_EVENTS)
public record VolumeDeleted(String accountId, String volumeId, Instant at)
        implements VolumeEvent {

    @Override
    public String subject() {
        return volumeId;
    }
}
