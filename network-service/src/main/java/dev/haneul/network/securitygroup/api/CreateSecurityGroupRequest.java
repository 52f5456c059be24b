package dev.haneul.network.securitygroup.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/security-groups}: a group in {@code vpcId} (the default VPC when absent). */
public record CreateSecurityGroupRequest(@NotBlank @Size(max = 255) String groupName,
        @NotBlank @Size(max = 255) String description, String vpcId) {
}
