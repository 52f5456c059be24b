package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;

/** Remove the instance from the host, whatever it is doing (also cancels a boot in progress). Idempotent. */
@EventType(value = "haneul.host.destroy-instance.v1", topic = Topics.HOST_COMMANDS)
public record DestroyInstance(String hostId, String instanceId, int attempt) implements HostCommand {
}
