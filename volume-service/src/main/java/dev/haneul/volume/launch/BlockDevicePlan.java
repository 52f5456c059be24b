package dev.haneul.volume.launch;

import dev.haneul.events.instance.BlockDevice;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.volume.common.TagLimits;
import dev.haneul.volume.common.TagsConverter;
import dev.haneul.volume.common.VolumeRuleException;
import dev.haneul.volume.snapshot.Snapshot;
import dev.haneul.volume.volume.Volume;
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
 * the boot volume's type, each type's size/IOPS/throughput, device names, snapshots and the launch's volume
 * tags (applied to every volume). The root device's snapshot is the image's: unknown here for a public image,
 * the account's own (completed) snapshot for a private image made with CreateImage, in which case the volume is
 * at least the snapshot's size. Any other snapshot must be the account's.
 */
final class BlockDevicePlan {
    private final String defaultType;
    private final Map<String, Snapshot> snapshots;

    BlockDevicePlan(String defaultType, Map<String, Snapshot> snapshots) {
        this.defaultType = defaultType;
        this.snapshots = snapshots;
    }

    List<Volume> volumes(InstanceRequested e, Instant now) {
        String tags = TagsConverter.toJson(TagLimits.check(e.volumeTags()));
        List<Volume> volumes = new ArrayList<>();
        Set<String> devices = new HashSet<>();
        for (BlockDevice bd : e.blockDevices() == null ? List.<BlockDevice>of() : e.blockDevices()) {
            if (bd.deviceName() == null || !devices.add(bd.deviceName())) {
                throw new VolumeRuleException("InvalidParameterValue",
                        "The device name '" + bd.deviceName() + "' is missing or used twice.");
            }
            Volume v = volume(e, bd, now);
            v.tagsJson = tags;
            volumes.add(v);
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
        if (snapshot != null && !Snapshot.COMPLETED.equals(snapshot.state)) {
            throw new VolumeRuleException("IncorrectState",
                    "The snapshot '" + bd.snapshotId() + "' is in the '" + snapshot.state + "' state.");
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
