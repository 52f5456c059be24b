package dev.haneul.events.volume;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** A snapshot was started ({@code pending}). */
@EventType(value = "haneul.volume.snapshot-created.v1", topic = Topics.VOLUME_EVENTS)
public record SnapshotCreated(String accountId, String snapshotId, String volumeId, int volumeSizeGiB, Instant at)
        implements VolumeEvent {

    @Override
    public String subject() {
        return snapshotId;
    }
}
