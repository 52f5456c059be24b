package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;

/** Reboot the instance in place. */
@EventType(value = "haneul.host.reboot-instance.v1", topic = Topics.HOST_COMMANDS)
public record RebootInstance(String hostId, String instanceId, int attempt) implements HostCommand {
}
