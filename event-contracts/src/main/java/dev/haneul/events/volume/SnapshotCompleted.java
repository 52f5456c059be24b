package dev.haneul.events.volume;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/**
 * The snapshot is {@code completed}; snapshot storage ({@code volumeSizeGiB}) is billed from {@code at} until
 * {@link SnapshotDeleted}.
 */
@EventType(value = "haneul.volume.snapshot-completed.v1", topic = Topics.VOLUME_EVENTS)
public record SnapshotCompleted(String accountId, String snapshotId, String volumeId, int volumeSizeGiB, Instant at)
        implements VolumeEvent {

    @Override
    public String subject() {
        return snapshotId;
    }
}
