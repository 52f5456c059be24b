package dev.haneul.network.gateway.api;

/**
 * {@code POST /v1/internet-gateways}: EC2's CreateInternetGateway, which has no parameter of its own here. The
 * body is optional; when there is one it must be a JSON object without unknown fields, so a malformed body
 * creates nothing.
 */
public record CreateInternetGatewayRequest() {
}
