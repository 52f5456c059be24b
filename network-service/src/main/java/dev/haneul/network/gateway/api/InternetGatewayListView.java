package dev.haneul.network.gateway.api;

import java.util.List;

/** One page of internet gateways. */
public record InternetGatewayListView(List<InternetGatewayView> internetGateways, String nextToken) {
}
