package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** An elastic IP was associated with an instance's network interface. */
@EventType(value = "haneul.network.elastic-ip-associated.v1", topic = Topics.NETWORK_EVENTS)
public record ElasticIpAssociated(String accountId, String allocationId, String associationId, String publicIp,
        String instanceId, String networkInterfaceId, String privateIpAddress, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return allocationId;
    }
}
