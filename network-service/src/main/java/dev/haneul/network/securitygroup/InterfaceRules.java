package dev.haneul.network.securitygroup;

import dev.haneul.events.network.InterfaceRulesChanged;
import dev.haneul.events.network.PacketRule;
import dev.haneul.events.network.PacketRules;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.network.eni.InterfaceRulesPublisher;
import dev.haneul.network.eni.NetworkInterface;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The packet rules of an interface: every rule of its security groups, in both directions, as a host enforces
 * them ({@link PacketRule}); a rule naming a group stays a group reference, which the host resolves. When they
 * change, every interface in use that they apply to gets a new {@code rulesVersion} and an
 * {@link InterfaceRulesChanged} through the outbox, in the transaction of the change. eni announces an
 * interface's new groups through it ({@link InterfaceRulesPublisher}).
 */
@ApplicationScoped
public class InterfaceRules implements InterfaceRulesPublisher {
    private final Outbox outbox;
    private final Clock clock;

    public InterfaceRules(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
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

    /** A rule of {@code groupId} was added or removed: announces the new rules of every interface in use in it. */
    public Uni<Void> groupChanged(String groupId) {
        return Panache.getSession().chain(s -> s.flush())
                // locked (the group is already): the version moves under the row lock, and the rows are current
                .chain(() -> NetworkInterface.<NetworkInterface>find(
                        "instanceId is not null and securityGroupIdList like ?1 order by id", "%" + groupId + "%")
                        .withLock(LockModeType.PESSIMISTIC_WRITE).list())
                .chain(enis -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (NetworkInterface eni : enis) {
                        if (eni.securityGroupIds().contains(groupId)) {
                            chain = chain.chain(() -> interfaceChanged(eni));
                        }
                    }
                    return chain;
                });
    }

    /**
     * The interface's groups were replaced (or one of their rules changed): announces its rules, one version on.
     * The caller holds the interface's row lock, taken after the groups' (the order every change takes).
     */
    @Override
    public Uni<Void> interfaceChanged(NetworkInterface eni) {
        if (eni.instanceId == null) {
            return Uni.createFrom().voidItem();
        }
        eni.rulesVersion++;
        return of(eni.securityGroupIds()).chain(rules -> outbox.publish(new InterfaceRulesChanged(eni.accountId,
                eni.id, eni.instanceId, eni.securityGroupIds(), rules, eni.rulesVersion, clock.instant())));
    }

    static PacketRule packetRule(SecurityGroupRule r) {
        boolean ported = "tcp".equals(r.ipProtocol) || "udp".equals(r.ipProtocol) || "icmp".equals(r.ipProtocol);
        int from = ported && r.fromPort != null ? r.fromPort : ("icmp".equals(r.ipProtocol) ? -1 : 0);
        int to = ported && r.toPort != null ? r.toPort : ("icmp".equals(r.ipProtocol) ? -1 : 65535);
        return new PacketRule(r.ipProtocol, from, to, r.cidrIpv4, r.referencedGroupId);
    }
}
