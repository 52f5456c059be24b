package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;
import java.util.List;

/** The security groups of a network interface (and so of its instance) changed to {@code groupIds}. */
@EventType(value = "haneul.network.network-interface-groups-changed.v1", topic = Topics.NETWORK_EVENTS)
public record NetworkInterfaceGroupsChanged(String accountId, String networkInterfaceId, String instanceId,
        List<String> groupIds, Instant at)
        implements NetworkEvent {

    @Override
    public String subject() {
        return networkInterfaceId;
    }
}
