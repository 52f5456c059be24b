package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** No host could take the instance; {@code code} is EC2's (e.g. {@code InsufficientInstanceCapacity}). */
@EventType(value = "haneul.instance.schedule-failed.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceScheduleFailed(String accountId, String instanceId, int attempt, Instant at,
        String code, String message) implements InstanceEvent {
}
