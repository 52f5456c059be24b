package dev.haneul.volume.volume;

/** A volume's validated type, size and performance, with each type's defaults filled in. */
public record VolumeSpec(String volumeType, int size, Integer iops, Integer throughput) {
}
