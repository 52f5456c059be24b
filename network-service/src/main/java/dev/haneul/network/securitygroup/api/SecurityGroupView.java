package dev.haneul.network.securitygroup.api;

import java.util.List;

/** A security group with its rules grouped into EC2's {@code IpPermission}s. */
public record SecurityGroupView(String groupId, String groupName, String description, String vpcId, String ownerId,
        List<IpPermission> ipPermissions, List<IpPermission> ipPermissionsEgress) {
}
