package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.AttachedVolume;
import java.util.List;

/** Boot the instance on the host. Idempotent: booting an instance the host already runs answers booted again. */
@EventType(value = "haneul.host.boot-instance.v1", topic = Topics.HOST_COMMANDS)
public record BootInstance(String hostId, String instanceId, String accountId, int attempt, String instanceType,
        int vcpus, long memoryMib, String imageId, String privateIpAddress, String macAddress,
        List<AttachedVolume> volumes, String userData) implements HostCommand {
}
