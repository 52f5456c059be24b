package dev.haneul.network.subnet.api;

import dev.haneul.network.subnet.Subnet;

/** A subnet as the API shows it; {@code availableIpAddressCount} excludes the 5 reserved addresses. */
public record SubnetView(String subnetId, String vpcId, String ownerId, String cidrBlock, String availabilityZone,
        long availableIpAddressCount, boolean mapPublicIpOnLaunch, boolean defaultForAz, String state) {
    public static SubnetView of(Subnet s, long addressesInUse) {
        return new SubnetView(s.id, s.vpcId, s.accountId, s.cidrBlock, s.availabilityZone,
                Math.max(0, s.block().usableCount() - addressesInUse), s.mapPublicIpOnLaunch, s.defaultForAz,
                s.state);
    }
}
