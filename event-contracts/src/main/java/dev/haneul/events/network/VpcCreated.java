package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** A VPC was created (the default VPC too, on first need). */
@EventType(value = "haneul.network.vpc-created.v1", topic = Topics.NETWORK_EVENTS)
public record VpcCreated(String accountId, String vpcId, String cidrBlock, boolean isDefault, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return vpcId;
    }
}
