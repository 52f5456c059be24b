package dev.haneul.volume.volume.api;

import dev.haneul.volume.common.Tag;
import dev.haneul.volume.common.TagsConverter;
import dev.haneul.volume.volume.Volume;
import java.time.Instant;
import java.util.List;

/** A volume as EC2's DescribeVolumes shows it. */
public record VolumeView(String volumeId, int size, String volumeType, Integer iops, Integer throughput,
        boolean encrypted, String snapshotId, String availabilityZone, String state, Instant createTime,
        List<AttachmentView> attachments, List<Tag> tags) {

    public static VolumeView of(Volume v) {
        List<AttachmentView> attachments = v.instanceId == null ? List.of()
                : List.of(new AttachmentView(v.volumeId, v.instanceId, v.device, v.attachmentState, v.attachTime,
                        v.deleteOnTermination));
        return new VolumeView(v.volumeId, v.size, v.volumeType, v.iops, v.throughput, v.encrypted, v.snapshotId,
                v.availabilityZone, v.state, v.createTime, attachments, TagsConverter.toList(v.tagsJson));
    }
}
