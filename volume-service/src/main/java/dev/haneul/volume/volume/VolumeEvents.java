package dev.haneul.volume.volume;

import dev.haneul.events.volume.VolumeAttached;
import dev.haneul.events.volume.VolumeCreated;
import dev.haneul.events.volume.VolumeDeleted;
import dev.haneul.events.volume.VolumeDetached;
import dev.haneul.events.volume.VolumeModified;
import java.time.Instant;

/**
 * The volume-events facts of a volume, built from its row. Billing meters a volume from {@link VolumeCreated}
 * (and each {@link VolumeModified}) to its one {@link VolumeDeleted}; every {@link VolumeDetached} follows a
 * {@link VolumeAttached}.
 */
public final class VolumeEvents {
    private VolumeEvents() {
    }

    /** {@code instanceId} is set for the volumes a launch creates. */
    public static VolumeCreated created(Volume v, String instanceId) {
        return new VolumeCreated(v.accountId, v.volumeId, v.availabilityZone, v.volumeType, v.size, v.iops,
                v.throughput, v.encrypted, v.snapshotId, instanceId, v.createTime);
    }

    /** The volume's current (target) configuration, billed from {@code at}. */
    public static VolumeModified modified(Volume v, Instant at) {
        return new VolumeModified(v.accountId, v.volumeId, v.volumeType, v.size, v.iops, v.throughput, at);
    }

    public static VolumeAttached attached(Volume v, Instant at) {
        return new VolumeAttached(v.accountId, v.volumeId, v.instanceId, v.device, at);
    }

    /** Built before the attachment is cleared. */
    public static VolumeDetached detached(Volume v, Instant at) {
        return new VolumeDetached(v.accountId, v.volumeId, v.instanceId, v.device, at);
    }

    public static VolumeDeleted deleted(Volume v, Instant at) {
        return new VolumeDeleted(v.accountId, v.volumeId, at);
    }
}
