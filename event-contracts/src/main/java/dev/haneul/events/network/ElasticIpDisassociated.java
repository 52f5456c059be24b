package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** An elastic IP was disassociated from an instance. */
@EventType(value = "haneul.network.elastic-ip-disassociated.v1", topic = Topics.NETWORK_EVENTS)
public record ElasticIpDisassociated(String accountId, String allocationId, String associationId, String publicIp,
        String instanceId, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return allocationId;
    }
}
