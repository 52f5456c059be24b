package dev.haneul.volume.launch;

import dev.haneul.events.instance.BlockDevice;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.volume.snapshot.Snapshot;
import dev.haneul.volume.volume.Volume;
import dev.haneul.volume.volume.VolumeRuleException;
import dev.haneul.volume.volume.VolumeRules;
import dev.haneul.volume.volume.VolumeSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a launch's block device mappings into volumes, checking every rule before anything is created:
 * the boot volume's type, each type's size/IOPS/throughput, device names, and snapshots. The root device's
 * snapshot is the image's and may be unknown here; any other snapshot must be the account's.
 */
final class BlockDevicePlan {
    private final String defaultType;
    private final Map<String, Snapshot> snapshots;

    BlockDevicePlan(String defaultType, Map<String, Snapshot> snapshots) {
        this.defaultType = defaultType;
        this.snapshots = snapshots;
    }

    List<Volume> volumes(InstanceRequested e, Instant now) {
        List<Volume> volumes = new ArrayList<>();
        Set<String> devices = new HashSet<>();
        for (BlockDevice bd : e.blockDevices() == null ? List.<BlockDevice>of() : e.blockDevices()) {
            if (bd.deviceName() == null || !devices.add(bd.deviceName())) {
                throw new VolumeRuleException("InvalidParameterValue",
                        "The device name '" + bd.deviceName() + "' is missing or used twice.");
            }
            volumes.add(volume(e, bd, now));
        }
        return volumes;
    }

    private Volume volume(InstanceRequested e, BlockDevice bd, Instant now) {
        String type = bd.volumeType() == null ? defaultType : bd.volumeType();
        if (bd.root() && !VolumeRules.canBoot(type)) {
            throw new VolumeRuleException("VolumeTypeNotSupported",
                    "BootForVolumeTypeUnsupported: volumes of type '" + type + "' cannot be boot volumes.");
        }
        Snapshot snapshot = bd.snapshotId() == null ? null : snapshots.get(bd.snapshotId());
        if (bd.snapshotId() != null && snapshot == null && !bd.root()) {
            throw new VolumeRuleException("InvalidSnapshot.NotFound",
                    "The snapshot '" + bd.snapshotId() + "' does not exist.");
        }
        Integer size = bd.sizeGib() > 0 ? Integer.valueOf(bd.sizeGib()) : snapshot == null ? null : snapshot.volumeSize;
        if (snapshot != null && size != null && size < snapshot.volumeSize) {
            throw new VolumeRuleException("InvalidParameterValue", "The volume size " + size
                    + " GiB is smaller than the snapshot's " + snapshot.volumeSize + " GiB.");
        }
        VolumeSpec spec = VolumeRules.resolve(type, size, bd.iops(), bd.throughput());
        Volume v = new Volume();
        v.volumeId = LaunchVolumes.newVolumeId();
        v.accountId = e.accountId();
        v.availabilityZone = e.availabilityZone();
        v.apply(spec);
        v.encrypted = bd.encrypted() || (snapshot != null && snapshot.encrypted);
        v.snapshotId = bd.snapshotId();
        v.createTime = now;
        v.rootDevice = bd.root();
        v.attach(e.instanceId(), bd.deviceName(), Volume.ATTACHED, now, bd.deleteOnTermination());
        return v;
    }
}
