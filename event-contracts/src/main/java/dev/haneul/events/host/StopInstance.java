package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;

/** Power the instance off (ACPI, or at once with {@code force}). Idempotent. */
@EventType(value = "haneul.host.stop-instance.v1", topic = Topics.HOST_COMMANDS)
public record StopInstance(String hostId, String instanceId, int attempt, boolean force) implements HostCommand {
}
