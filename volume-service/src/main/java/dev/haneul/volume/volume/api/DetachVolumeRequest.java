package dev.haneul.volume.volume.api;

/** DetachVolume: optionally the instance and device it must be attached at, and {@code force}. */
public record DetachVolumeRequest(String instanceId, String device, Boolean force) {
}
