package dev.haneul.compute.instance;

import dev.haneul.events.Envelope;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.network.InterfaceRulesChanged;
import dev.haneul.events.network.NetworkInterfaceGroupsChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * compute-api's copy of what network-service says of an instance's interface after the attach: its security
 * groups (NetworkInterfaceGroupsChanged, shown by DescribeInstances) and the rules that apply to it
 * (InterfaceRulesChanged, put in every boot it sends). A copy of rules with a lower version than the one kept
 * is older and ignored, whatever order the events arrive in. A terminated instance's copy no longer moves.
 */
@ApplicationScoped
public class InterfaceCopy {

    public Uni<Void> onNetworkEvent(Envelope envelope) {
        HaneulEvent e = envelope.data();
        if (e instanceof NetworkInterfaceGroupsChanged g && g.instanceId() != null && g.groupIds() != null) {
            return current(g.instanceId(), g.networkInterfaceId()).map(i -> {
                if (i != null) {
                    i.securityGroupIds = String.join(",", g.groupIds());
                }
                return null;
            }).replaceWithVoid();
        } else if (e instanceof InterfaceRulesChanged r && r.instanceId() != null && r.rules() != null) {
            return current(r.instanceId(), r.networkInterfaceId()).map(i -> {
                if (i != null && r.rulesVersion() > i.rulesVersion) {
                    i.securityRules = JsonColumns.writeJson(r.rules());
                    i.rulesVersion = r.rulesVersion();
                    if (r.securityGroupIds() != null) {
                        i.securityGroupIds = String.join(",", r.securityGroupIds());
                    }
                }
                return null;
            }).replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    private static Uni<Instance> current(String instanceId, String networkInterfaceId) {
        return Instance.<Instance>findById(instanceId).map(i -> i != null && i.state != InstanceState.TERMINATED
                && (i.networkInterfaceId == null || i.networkInterfaceId.equals(networkInterfaceId)) ? i : null);
    }
}
