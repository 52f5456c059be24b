package dev.haneul.network.vpc.api;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /v1/vpcs}: an IPv4 block from /16 to /28 (canonicalised). */
public record CreateVpcRequest(@NotBlank String cidrBlock) {
}
