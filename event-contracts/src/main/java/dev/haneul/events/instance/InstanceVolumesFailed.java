package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** volume-service could not create the instance's volumes (e.g. {@code Client.InvalidSnapshot.NotFound}). */
@EventType(value = "haneul.instance.volumes-failed.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceVolumesFailed(String accountId, String instanceId, int attempt, Instant at,
        String code, String message) implements InstanceEvent {
}
