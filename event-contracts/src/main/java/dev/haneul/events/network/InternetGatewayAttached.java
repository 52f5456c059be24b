package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** An internet gateway was attached to a VPC. */
@EventType(value = "haneul.network.internet-gateway-attached.v1", topic = Topics.NETWORK_EVENTS)
public record InternetGatewayAttached(String accountId, String internetGatewayId, String vpcId, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return internetGatewayId;
    }
}
