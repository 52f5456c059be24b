package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** network-service could not attach the instance (e.g. {@code InsufficientFreeAddressesInSubnet}). */
@EventType(value = "haneul.instance.network-failed.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceNetworkFailed(String accountId, String instanceId, int attempt, Instant at,
        String code, String message) implements InstanceEvent {
}
