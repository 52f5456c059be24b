package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** A VPC was deleted. */
@EventType(value = "haneul.network.vpc-deleted.v1", topic = Topics.NETWORK_EVENTS)
public record VpcDeleted(String accountId, String vpcId, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return vpcId;
    }
}
