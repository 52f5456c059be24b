package dev.haneul.network.securitygroup.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * EC2's {@code IpPermission}: a protocol ({@code tcp}, {@code udp}, {@code icmp}, a number or {@code -1} for
 * all), a port range (ICMP: type and code) and its sources.
 */
public record IpPermission(@NotBlank String ipProtocol, Integer fromPort, Integer toPort,
        List<@Valid IpRange> ipRanges, List<@Valid UserIdGroupPair> userIdGroupPairs) {

    /** A CIDR source. */
    public record IpRange(@NotBlank String cidrIp, @Size(max = 255) String description) {
    }

    /** Another security group as the source. */
    public record UserIdGroupPair(@NotBlank String groupId, @Size(max = 255) String description) {
    }
}
