package dev.haneul.network.route.api;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /v1/route-tables/{id}/routes}: traffic for the block goes to the internet gateway. */
public record CreateRouteRequest(@NotBlank String destinationCidrBlock, @NotBlank String gatewayId) {
}
