package dev.haneul.network.route.api;

/** The answer to an association: its id ({@code rtbassoc-…}), the table and the subnet. */
public record AssociationView(String associationId, String routeTableId, String subnetId) {
}
