package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;

/**
 * The account holds a public IPv4 address from {@code at} (billed until the matching {@link PublicIpReleased} of
 * the same {@code leaseId}). {@code kind} is {@code auto} (assigned at launch or start; {@code leaseId} is new for
 * every assignment) or {@code elastic} ({@code leaseId} = {@code allocationId}, held from allocation, associated
 * or not).
 */
@EventType(value = "haneul.network.public-ip-acquired.v1", topic = Topics.NETWORK_EVENTS)
public record PublicIpAcquired(String accountId, String leaseId, String publicIp, String kind, String allocationId,
        String instanceId, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return leaseId;
    }
}
