package dev.haneul.events.network;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.time.Instant;
import java.util.List;

/**
 * The rules that apply to an interface changed: a rule of one of its groups was added or removed, or its groups
 * were replaced. {@code rules} is the whole new set, {@code rulesVersion} counts the interface's changes (the
 * attach is version 0 or later), so a host or a copy keeps the highest version it has seen whatever the order
 * of arrival.
 */
@EventType(value = "haneul.network.interface-rules-changed.v1", topic = Topics.NETWORK_EVENTS)
public record InterfaceRulesChanged(String accountId, String networkInterfaceId, String instanceId,
        List<String> securityGroupIds, PacketRules rules, long rulesVersion, Instant at) implements NetworkEvent {

    @Override
    public String subject() {
        return networkInterfaceId;
    }
}
