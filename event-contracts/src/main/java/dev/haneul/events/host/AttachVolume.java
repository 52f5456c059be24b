package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;

/**
 * Attach a block volume to the running instance at {@code device}. Idempotent: answered by {@link
 * VolumeAttachedToHost}. {@code sizeGib} is the volume's size (a host that formats a new volume needs it).
 */
@EventType(value = "haneul.host.attach-volume.v1", topic = Topics.HOST_COMMANDS)
public record AttachVolume(String hostId, String instanceId, String accountId, int attempt, String volumeId,
        String device, int sizeGib)
        implements HostCommand {
}
