package dev.haneul.network.subnet.api;

import dev.haneul.network.subnet.Subnet;
import dev.haneul.network.vpc.RouteTables;

/**
 * A subnet as the API shows it; {@code availableIpAddressCount} excludes the 5 reserved addresses;
 * {@code routeTableId} is the table the subnet uses (its association's, else the VPC's main one) and
 * {@code isPublic} tells whether that table sends {@code 0.0.0.0/0} to an internet gateway attached to the VPC.
 */
public record SubnetView(String subnetId, String vpcId, String ownerId, String cidrBlock, String availabilityZone,
        long availableIpAddressCount, boolean mapPublicIpOnLaunch, boolean defaultForAz, String state,
        String routeTableId, boolean isPublic) {
    public static SubnetView of(Subnet s, long addressesInUse, RouteTables.Effective routes) {
        return new SubnetView(s.id, s.vpcId, s.accountId, s.cidrBlock, s.availabilityZone,
                Math.max(0, s.block().usableCount() - addressesInUse), s.mapPublicIpOnLaunch, s.defaultForAz,
                s.state, routes == null ? null : routes.routeTableId(), routes != null && routes.isPublic());
    }
}
