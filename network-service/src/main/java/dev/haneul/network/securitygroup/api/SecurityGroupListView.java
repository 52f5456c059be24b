package dev.haneul.network.securitygroup.api;

import java.util.List;

/** One page of security groups. */
public record SecurityGroupListView(List<SecurityGroupView> securityGroups, String nextToken) {
}
