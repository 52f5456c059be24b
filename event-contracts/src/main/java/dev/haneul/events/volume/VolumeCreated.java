package dev.haneul.events.volume;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/**
 * A volume exists from {@code at} (billed as {@code sizeGiB} of {@code volumeType} plus provisioned
 * IOPS/throughput until {@link VolumeModified} or {@link VolumeDeleted}); {@code instanceId} is set for launch-
 * time volumes.
 */
@EventType(value = "haneul.volume.created.v1", topic = Topics.VOLUME_EVENTS)
public record VolumeCreated(String accountId, String volumeId, String availabilityZone, String volumeType,
        int sizeGiB, Integer iops, Integer throughput, boolean encrypted, String snapshotId, String instanceId,
        Instant at)
        implements VolumeEvent {

    @Override
    public String subject() {
        return volumeId;
    }
}
