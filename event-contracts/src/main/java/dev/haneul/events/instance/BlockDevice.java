package dev.haneul.events.instance;

/**
 * A volume the launch asks for: the root device (from the image) or an extra one. {@code snapshotId} is
 * the image's root snapshot for the root device, or the snapshot the user named.
 */
public record BlockDevice(String deviceName, int sizeGib, String volumeType, Integer iops, Integer throughput,
        boolean encrypted, boolean deleteOnTermination, String snapshotId, boolean root) {
}
