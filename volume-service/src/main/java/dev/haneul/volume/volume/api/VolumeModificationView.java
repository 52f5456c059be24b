package dev.haneul.volume.volume.api;

import dev.haneul.volume.volume.Volume;
import java.time.Instant;

/** A volume's latest modification, as EC2's DescribeVolumesModifications shows it. */
public record VolumeModificationView(String volumeId, String modificationState, Integer targetSize,
        String targetVolumeType, Integer targetIops, Integer targetThroughput, Integer originalSize,
        String originalVolumeType, Integer originalIops, Integer originalThroughput, Instant startTime,
        Instant endTime) {

    public static VolumeModificationView of(Volume v) {
        return new VolumeModificationView(v.volumeId, v.modificationState, v.size, v.volumeType, v.iops,
                v.throughput, v.originalSize, v.originalVolumeType, v.originalIops, v.originalThroughput,
                v.modificationStart, v.modificationEnd);
    }
}
