package dev.haneul.network.subnet.api;

import jakarta.validation.constraints.NotNull;

/**
 * {@code PATCH /v1/subnets/{subnetId}}: EC2's ModifySubnetAttribute for the one attribute Haneul has, whether
 * instances launched into the subnet get a public IP (launches already running keep theirs, as on EC2).
 */
public record ModifySubnetRequest(@NotNull Boolean mapPublicIpOnLaunch) {
}
