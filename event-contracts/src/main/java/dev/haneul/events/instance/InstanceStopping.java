package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/**
 * The instance left {@code running} for {@code stopping} at {@code at}: billing of its compute ends here.
 * {@code stateReason} is EC2's code, e.g. {@code Client.UserInitiatedShutdown}.
 */
@EventType(value = "haneul.instance.stopping.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceStopping(String accountId, String instanceId, int attempt, Instant at,
        String instanceType, String availabilityZone, String hostId, String stateReason) implements InstanceEvent {
}
