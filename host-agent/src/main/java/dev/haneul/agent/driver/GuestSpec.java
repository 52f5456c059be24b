package dev.haneul.agent.driver;

import dev.haneul.events.network.PacketRules;
import java.util.List;

/**
 * What a real driver needs beyond {@link BootSpec} to boot a guest: its network (VPC, subnet CIDR, gateway, private
 * IP and MAC), its hostname, the key pair's public key, user data, root volume size and security-group rules.
 * {@code ingress} and {@code egress} are the rules as enforced, every peer an address ({@code egress} null means
 * "allow all"); {@code securityGroupIds} and {@code declaredRules} are what the control plane sent (rules may name
 * a group) at {@code rulesVersion}, from which {@link dev.haneul.agent.wiring.GuestWiring} resolves them.
 * {@code deleteRootOnTermination} false keeps the root volume file on destroy. {@code publicIp}, when set, is mapped
 * to the private one for traffic from the host (see {@code PublicAddresses}). {@code dataVolumes} are the volumes
 * attached besides the root one: mounted in the guest at each boot and changed by attach and detach.
 */
public record GuestSpec(String vpcId, String subnetCidr, String gatewayIp, String privateIp, String macAddress,
        String hostname, String publicKey, String userData, int rootVolumeGib, List<SecurityRule> ingress,
        List<SecurityRule> egress, boolean deleteRootOnTermination, List<String> securityGroupIds,
        PacketRules declaredRules, long rulesVersion, String publicIp, List<DataVolume> dataVolumes) {

    /** A volume attached at {@code device} (its size formats it if it has no data yet). */
    public record DataVolume(String volumeId, String device, int sizeGib) {
    }

    public GuestSpec {
        dataVolumes = dataVolumes == null ? List.of() : List.copyOf(dataVolumes);
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
        egress = egress == null ? null : List.copyOf(egress);
        securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    }

    /** A guest whose rules are given as addresses already (no group membership to follow). */
    public GuestSpec(String vpcId, String subnetCidr, String gatewayIp, String privateIp, String macAddress,
            String hostname, String publicKey, String userData, int rootVolumeGib, List<SecurityRule> ingress,
            List<SecurityRule> egress, boolean deleteRootOnTermination) {
        this(vpcId, subnetCidr, gatewayIp, privateIp, macAddress, hostname, publicKey, userData, rootVolumeGib,
                ingress, egress, deleteRootOnTermination, List.of(), null, 0, null, List.of());
    }

    /** EC2's private DNS host name for an address: {@code ip-10-0-1-4}. */
    public static String hostnameFor(String privateIp) {
        return "ip-" + privateIp.replace('.', '-');
    }

    public GuestSpec withRules(List<SecurityRule> newIngress, List<SecurityRule> newEgress) {
        return new GuestSpec(vpcId, subnetCidr, gatewayIp, privateIp, macAddress, hostname, publicKey, userData,
                rootVolumeGib, newIngress, newEgress, deleteRootOnTermination, securityGroupIds, declaredRules,
                rulesVersion, publicIp, dataVolumes);
    }

    /** The control plane's newer groups and rules ({@code rulesVersion}); the enforced ones are resolved after. */
    public GuestSpec withDeclared(List<String> groups, PacketRules declared, long version) {
        return new GuestSpec(vpcId, subnetCidr, gatewayIp, privateIp, macAddress, hostname, publicKey, userData,
                rootVolumeGib, ingress, egress, deleteRootOnTermination, groups, declared, version, publicIp,
                dataVolumes);
    }

    /** The same guest with these data volumes attached. */
    public GuestSpec withDataVolumes(List<DataVolume> volumes) {
        return new GuestSpec(vpcId, subnetCidr, gatewayIp, privateIp, macAddress, hostname, publicKey, userData,
                rootVolumeGib, ingress, egress, deleteRootOnTermination, securityGroupIds, declaredRules,
                rulesVersion, publicIp, volumes);
    }
}
