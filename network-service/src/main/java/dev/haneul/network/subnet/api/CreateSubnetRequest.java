package dev.haneul.network.subnet.api;

import jakarta.validation.constraints.NotBlank;

/**
 * {@code POST /v1/subnets}: a block inside the VPC (/16–/28) overlapping none of its subnets, in one
 * availability zone (the region's first when absent); public IPs are not mapped unless asked.
 */
public record CreateSubnetRequest(@NotBlank String vpcId, @NotBlank String cidrBlock, String availabilityZone,
        Boolean mapPublicIpOnLaunch) {
}
