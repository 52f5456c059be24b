package dev.haneul.network.route.api;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /v1/route-tables}: a new table of the VPC, with only the local route. */
public record CreateRouteTableRequest(@NotBlank String vpcId) {
}
