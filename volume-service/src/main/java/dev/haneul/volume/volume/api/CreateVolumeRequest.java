package dev.haneul.volume.volume.api;

import dev.haneul.volume.common.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** CreateVolume: the zone, and a size or a snapshot (or both: the size must hold the snapshot). */
public record CreateVolumeRequest(@NotBlank String availabilityZone, Integer size, String volumeType, Integer iops,
        Integer throughput, Boolean encrypted, String snapshotId, @Size(max = 50) List<@Valid Tag> tags) {
}
