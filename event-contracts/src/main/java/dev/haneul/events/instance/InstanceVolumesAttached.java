package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;
import java.util.List;

/** volume-service created (launch) or found (start) the instance's volumes. */
@EventType(value = "haneul.instance.volumes-attached.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceVolumesAttached(String accountId, String instanceId, int attempt, Instant at,
        List<AttachedVolume> volumes) implements InstanceEvent {
}
