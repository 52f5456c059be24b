package dev.haneul.agent.driver;

import java.util.List;

/**
 * What a real driver needs beyond {@link BootSpec} to boot a guest: its network (VPC, subnet CIDR, gateway, private
 * IP and MAC), its hostname, the key pair's public key, user data, root volume size and security-group rules.
 * {@code BootInstance} does not carry all of it yet; the control plane will fill it in. {@code egress} null means
 * "allow all" (EC2's default egress rule). {@code deleteRootOnTermination} false keeps the root volume file on
 * destroy.
 */
public record GuestSpec(String vpcId, String subnetCidr, String gatewayIp, String privateIp, String macAddress,
        String hostname, String publicKey, String userData, int rootVolumeGib, List<SecurityRule> ingress,
        List<SecurityRule> egress, boolean deleteRootOnTermination) {

    public GuestSpec {
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
        egress = egress == null ? null : List.copyOf(egress);
    }

    /** EC2's private DNS host name for an address: {@code ip-10-0-1-4}. */
    public static String hostnameFor(String privateIp) {
        return "ip-" + privateIp.replace('.', '-');
    }

    public GuestSpec withRules(List<SecurityRule> newIngress, List<SecurityRule> newEgress) {
        return new GuestSpec(vpcId, subnetCidr, gatewayIp, privateIp, macAddress, hostname, publicKey, userData,
                rootVolumeGib, newIngress, newEgress, deleteRootOnTermination);
    }
}
