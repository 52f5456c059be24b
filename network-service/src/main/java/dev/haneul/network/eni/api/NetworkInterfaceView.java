package dev.haneul.network.eni.api;

import dev.haneul.network.eni.NetworkInterface;
import java.util.List;

/** A network interface as the API shows it (EC2's member names). */
public record NetworkInterfaceView(String networkInterfaceId, String ownerId, String vpcId, String subnetId,
        String availabilityZone, String privateIpAddress, Association association, String macAddress,
        List<GroupIdentifier> groups, Attachment attachment, String status, String interfaceType) {

    /** The public address mapped to the interface. */
    public record Association(String publicIp) {
    }

    /** A security group of the interface. */
    public record GroupIdentifier(String groupId) {
    }

    /** The instance the interface is attached to. */
    public record Attachment(String instanceId, int deviceIndex, String status) {
    }

    public static NetworkInterfaceView of(NetworkInterface n) {
        return new NetworkInterfaceView(n.id, n.accountId, n.vpcId, n.subnetId, n.availabilityZone,
                n.privateIpAddress, n.publicIpAddress == null ? null : new Association(n.publicIpAddress),
                n.macAddress, n.securityGroupIds().stream().map(GroupIdentifier::new).toList(),
                n.instanceId == null ? null : new Attachment(n.instanceId, 0, "attached"),
                n.instanceId == null ? "available" : "in-use", "interface");
    }
}
