package dev.haneul.events.instance;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import dev.haneul.events.network.PacketRules;
import java.time.Instant;
import java.util.List;

/**
 * network-service gave the instance its network interface, private IP and, if asked, a public IP; {@code
 * subnetCidr} and {@code rules} (its security groups' rules as of now) are what a real host needs to wire the
 * guest; {@code rulesVersion} is the version of those rules (see {@code InterfaceRulesChanged}).
 */
@EventType(value = "haneul.instance.network-attached.v1", topic = Topics.INSTANCE_EVENTS)
public record InstanceNetworkAttached(String accountId, String instanceId, int attempt, Instant at,
        String networkInterfaceId, String vpcId, String subnetId, String privateIpAddress, String publicIpAddress,
        String macAddress, List<String> securityGroupIds, String subnetCidr, PacketRules rules, long rulesVersion)
        implements InstanceEvent {
}
