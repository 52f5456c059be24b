package dev.haneul.network.eni.api;

import java.util.List;

/** {@code PUT /v1/network-interfaces/{id}/groups}: the interface's new security groups (1 to 5, of its VPC). */
public record ModifyGroupsRequest(List<String> groupIds) {
}
