package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/**
 * The account no longer holds the public IPv4 address of {@code leaseId} from {@code at} (stop, terminate,
 * replaced by an elastic IP, or an elastic IP released).
 */
@EventType(value = "haneul.network.public-ip-released.v1", topic = Topics.NETWORK_EVENTS)
public record PublicIpReleased(String accountId, String leaseId, String publicIp, String kind, String allocationId,
        String instanceId, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return leaseId;
    }
}
