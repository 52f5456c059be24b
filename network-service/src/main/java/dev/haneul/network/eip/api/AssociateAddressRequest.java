package dev.haneul.network.eip.api;

/**
 * {@code POST /v1/elastic-ips/{allocationId}/associate}: the instance or its network interface (one of the two);
 * {@code allowReassociation} lets an elastic IP associated elsewhere move.
 */
public record AssociateAddressRequest(String instanceId, String networkInterfaceId, Boolean allowReassociation) {
}
