package dev.haneul.network.eip.api;

/**
 * An elastic IP as the API shows it (EC2's Address member names); the association members are absent while
 * it is not associated.
 */
public record ElasticIpView(String allocationId, String publicIp, String domain, String ownerId,
        String associationId, String instanceId, String networkInterfaceId, String privateIpAddress) {
}
