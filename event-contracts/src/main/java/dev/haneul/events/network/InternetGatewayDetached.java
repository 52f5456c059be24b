package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** An internet gateway was detached from a VPC. */
@EventType(value = "haneul.network.internet-gateway-detached.v1", topic = Topics.NETWORK_EVENTS)
public record InternetGatewayDetached(String accountId, String internetGatewayId, String vpcId, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return internetGatewayId;
    }
}
