package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/** A subnet was created. */
@EventType(value = "haneul.network.subnet-created.v1", topic = Topics.NETWORK_EVENTS)
public record SubnetCreated(String accountId, String subnetId, String vpcId, String cidrBlock,
        String availabilityZone, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return subnetId;
    }
}
