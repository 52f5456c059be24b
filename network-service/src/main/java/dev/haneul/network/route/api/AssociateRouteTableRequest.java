package dev.haneul.network.route.api;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /v1/route-tables/{id}/associations}: the subnet (of the table's VPC) to use this table. */
public record AssociateRouteTableRequest(@NotBlank String subnetId) {
}
