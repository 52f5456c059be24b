package dev.haneul.events.volume;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** The snapshot was deleted. */
@EventType(value = "haneul.volume.snapshot-deleted.v1", topic = Topics.VOLUME_EVENTS)
public record SnapshotDeleted(String accountId, String snapshotId, Instant at)
        implements VolumeEvent {

    @Override
    public String subject() {
        return snapshotId;
    }
}
