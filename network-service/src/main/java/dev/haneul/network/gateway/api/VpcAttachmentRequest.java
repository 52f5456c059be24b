package dev.haneul.network.gateway.api;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /v1/internet-gateways/{id}/attach} and {@code /detach}: the VPC. */
public record VpcAttachmentRequest(@NotBlank String vpcId) {
}
