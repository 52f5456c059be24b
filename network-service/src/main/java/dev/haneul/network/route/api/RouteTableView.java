package dev.haneul.network.route.api;

import java.util.List;

/**
 * A route table as the API shows it (EC2's member names). A route's {@code state} is {@code blackhole} when
 * its gateway is no longer attached to the VPC; the main table lists an association with {@code main: true}.
 */
public record RouteTableView(String routeTableId, String vpcId, String ownerId, List<Route> routes,
        List<Association> associations) {

    /** {@code gatewayId} is {@code local} for the VPC's own block; {@code origin} CreateRouteTable or CreateRoute. */
    public record Route(String destinationCidrBlock, String gatewayId, String state, String origin) {
    }

    /** {@code subnetId} is absent on the main association. */
    public record Association(String routeTableAssociationId, String routeTableId, String subnetId, boolean main) {
    }
}
