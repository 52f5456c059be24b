package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** A subnet was deleted. */
@EventType(value = "haneul.network.subnet-deleted.v1", topic = Topics.NETWORK_EVENTS)
public record SubnetDeleted(String accountId, String subnetId, String vpcId, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return subnetId;
    }
}
