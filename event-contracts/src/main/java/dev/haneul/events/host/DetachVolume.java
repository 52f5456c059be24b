package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;

/** Detach a block volume from the running instance. Idempotent: answered by {@link VolumeDetachedFromHost}. */
@EventType(value = "haneul.host.detach-volume.v1", topic = Topics.HOST_COMMANDS)
public record DetachVolume(String hostId, String instanceId, String accountId, int attempt, String volumeId,
        String device, boolean force)
        implements HostCommand {
}
