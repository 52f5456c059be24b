package dev.haneul.events.instance;

/** A volume volume-service created or found for an instance, as it is attached. */
public record AttachedVolume(String volumeId, String deviceName, int sizeGib, String volumeType,
        boolean deleteOnTermination, boolean root) {
}
