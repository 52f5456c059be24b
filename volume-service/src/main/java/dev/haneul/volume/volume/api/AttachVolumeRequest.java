package dev.haneul.volume.volume.api;

import jakarta.validation.constraints.NotBlank;

/** AttachVolume: the instance (same zone as the volume) and a free device name /dev/sdf–/dev/sdp. */
public record AttachVolumeRequest(@NotBlank String instanceId, @NotBlank String device) {
}
