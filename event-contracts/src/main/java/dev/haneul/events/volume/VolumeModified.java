package dev.haneul.events.volume;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The volume's billed configuration is this one from {@code at} (the start of a modification). */
@EventType(value = "haneul.volume.modified.v1", topic = Topics.VOLUME_EVENTS)
public record VolumeModified(String accountId, String volumeId, String volumeType, int sizeGiB, Integer iops,
        Integer throughput, Instant at)
        implements VolumeEvent {

    @Override
    public String subject() {
        return volumeId;
    }
}
