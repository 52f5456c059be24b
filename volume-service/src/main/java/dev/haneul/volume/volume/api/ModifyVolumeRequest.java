package dev.haneul.volume.volume.api;

/** ModifyVolume: a bigger size, another type, IOPS or throughput (what is absent stays as it is). */
public record ModifyVolumeRequest(Integer size, String volumeType, Integer iops, Integer throughput) {
}
