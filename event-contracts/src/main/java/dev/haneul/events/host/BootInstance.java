package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.network.PacketRules;
import java.util.List;

/**
 * Boot the instance on the host. Idempotent: booting an instance the host already runs answers booted again.
 * {@code userData} is base64, as the API took it. {@code vpcId}, {@code subnetCidr}, {@code publicKey} (the key
 * pair's, for the image's default user; null without a key pair), {@code securityGroupIds} and their {@code
 * rules}, and the {@code publicIpAddress} (null without one) are what a real guest needs besides its private
 * address; a simulated host ignores them. A host
 * keeps the rules of the highest {@code rulesVersion} it has seen (a later {@code InterfaceRulesChanged} may
 * have overtaken this boot).
 */
@EventType(value = "haneul.host.boot-instance.v1", topic = Topics.HOST_COMMANDS)
public record BootInstance(String hostId, String instanceId, String accountId, int attempt, String instanceType,
        int vcpus, long memoryMib, String imageId, String privateIpAddress, String macAddress,
        List<AttachedVolume> volumes, String userData, String vpcId, String subnetCidr, String publicKey,
        List<String> securityGroupIds, PacketRules rules, long rulesVersion, String publicIpAddress)
        implements HostCommand {
}
