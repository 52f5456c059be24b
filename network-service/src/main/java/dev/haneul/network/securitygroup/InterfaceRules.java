package dev.haneul.network.securitygroup;

import dev.haneul.events.network.PacketRule;
import dev.haneul.events.network.PacketRules;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * The packet rules of an interface: every rule of its security groups, in both directions, as a host enforces
 * them ({@link PacketRule}). A rule naming a group stays a group reference; the host resolves its members.
 */
public final class InterfaceRules {
    private InterfaceRules() {
    }

    public static Uni<PacketRules> of(List<String> groupIds) {
        if (groupIds == null || groupIds.isEmpty()) {
            return Uni.createFrom().item(new PacketRules(List.of(), List.of()));
        }
        return SecurityGroupRule.<SecurityGroupRule>list("groupId in ?1 order by id", groupIds).map(rules -> {
            List<PacketRule> ingress = new ArrayList<>();
            List<PacketRule> egress = new ArrayList<>();
            for (SecurityGroupRule r : rules) {
                PacketRule p = packetRule(r);
                List<PacketRule> side = SecurityGroupRule.EGRESS.equals(r.direction) ? egress : ingress;
                if (!side.contains(p)) {
                    side.add(p);
                }
            }
            return new PacketRules(ingress, egress);
        });
    }

    static PacketRule packetRule(SecurityGroupRule r) {
        boolean ported = "tcp".equals(r.ipProtocol) || "udp".equals(r.ipProtocol) || "icmp".equals(r.ipProtocol);
        int from = ported && r.fromPort != null ? r.fromPort : ("icmp".equals(r.ipProtocol) ? -1 : 0);
        int to = ported && r.toPort != null ? r.toPort : ("icmp".equals(r.ipProtocol) ? -1 : 65535);
        return new PacketRule(r.ipProtocol, from, to, r.cidrIpv4, r.referencedGroupId);
    }
}
