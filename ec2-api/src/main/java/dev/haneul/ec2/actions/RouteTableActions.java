package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Route tables: create, routes (to an internet gateway: Haneul's only target), subnet associations, describe,
 * delete, over {@code /v1/route-tables}. The REST list honours {@code vpc-id} (one exact value); the other
 * filters are matched here ({@link Listing}).
 */
@ApplicationScoped
public class RouteTableActions implements ActionGroup {
    static final Listing LISTING = new Listing("/v1/route-tables", "routeTables", true,
            List.of("route-table-id", "vpc-id", "owner-id", "association.route-table-association-id",
                    "association.route-table-id", "association.subnet-id", "association.main",
                    "route.destination-cidr-block", "route.gateway-id", "route.state", "route.origin"),
            Map.of("vpc-id", "vpcId"), t -> {
                Listing.Fields f = new Listing.Fields().put("route-table-id", t, "routeTableId")
                        .put("vpc-id", t, "vpcId").put("owner-id", t, "ownerId");
                for (JsonNode a : t.path("associations")) {
                    f.put("association.route-table-association-id", a, "routeTableAssociationId")
                            .put("association.route-table-id", a, "routeTableId")
                            .put("association.subnet-id", a, "subnetId")
                            .put("association.main", String.valueOf(a.path("main").asBoolean()));
                }
                if (t.path("associations").isEmpty()) {
                    f.put("association.main", "false");
                }
                for (JsonNode r : t.path("routes")) {
                    f.put("route.destination-cidr-block", r, "destinationCidrBlock")
                            .put("route.gateway-id", r, "gatewayId").put("route.state", r, "state")
                            .put("route.origin", r, "origin");
                }
                return f.map();
            });

    /** Route targets Haneul has no counterpart for: refused by name rather than ignored. */
    private static final List<String> OTHER_TARGETS = List.of("DestinationIpv6CidrBlock", "DestinationPrefixListId",
            "VpcEndpointId", "TransitGatewayId", "LocalGatewayId", "CarrierGatewayId", "CoreNetworkArn",
            "OdbNetworkArn", "EgressOnlyInternetGatewayId", "InstanceId", "NetworkInterfaceId",
            "VpcPeeringConnectionId", "NatGatewayId");

    @Override
    public List<Action> actions() {
        return List.of(
                Action.write("CreateRouteTable", this::create),
                Action.write("CreateRoute", this::createRoute),
                Action.write("DeleteRoute", this::deleteRoute),
                Action.write("AssociateRouteTable", this::associate),
                Action.write("DisassociateRouteTable", this::disassociate),
                Action.read("DescribeRouteTables", LISTING.documented(), this::describe),
                Action.write("DeleteRouteTable", this::delete));
    }

    private Uni<Xml> create(Call c) {
        Params p = c.params();
        String vpc = p.required("VpcId");
        // the SDKs fill ClientToken in themselves; the REST API has no idempotency token for route tables, so it
        // is echoed, as EC2 does, but a retried call creates another table
        String token = p.string("ClientToken");
        Untagged.refuseTags(p, "route tables");
        return c.post("/v1/route-tables", Map.of("vpcId", vpc)).map(t -> {
            Xml x = Xml.response("CreateRouteTable", c.requestId()).start("routeTable");
            table(x, t);
            return x.end().text("clientToken", token);
        });
    }

    private static void noOtherTarget(Params p, List<String> names) {
        for (String n : names) {
            if (p.string(n) != null) {
                throw Ec2Exception.invalidValue("Haneul routes IPv4 blocks to internet gateways only: leave " + n
                        + " out.");
            }
        }
    }

    private Uni<Xml> createRoute(Call c) {
        Params p = c.params();
        String id = p.required("RouteTableId");
        noOtherTarget(p, OTHER_TARGETS);
        String destination = p.required("DestinationCidrBlock");
        String gateway = p.string("GatewayId");
        if (gateway == null) {
            throw Ec2Exception.missing("GatewayId");
        }
        return c.post("/v1/route-tables/" + Listing.seg(id) + "/routes",
                Map.of("destinationCidrBlock", destination, "gatewayId", gateway)).map(r -> Views.ok(c));
    }

    private Uni<Xml> deleteRoute(Call c) {
        Params p = c.params();
        String id = p.required("RouteTableId");
        noOtherTarget(p, List.of("DestinationIpv6CidrBlock", "DestinationPrefixListId"));
        String destination = p.required("DestinationCidrBlock");
        return c.delete("/v1/route-tables/" + Listing.seg(id) + "/routes",
                Map.of("destinationCidrBlock", List.of(destination))).map(r -> Views.ok(c));
    }

    private Uni<Xml> associate(Call c) {
        Params p = c.params();
        String id = p.required("RouteTableId");
        if (p.string("GatewayId") != null || p.string("PublicIpv4Pool") != null) {
            throw Ec2Exception.invalidValue("Haneul associates route tables with subnets only: give SubnetId.");
        }
        String subnet = p.required("SubnetId");
        return c.post("/v1/route-tables/" + Listing.seg(id) + "/associations", Map.of("subnetId", subnet))
                .map(a -> Xml.response("AssociateRouteTable", c.requestId())
                        .text("associationId", s(a, "associationId"))
                        .start("associationState").text("state", "associated").end());
    }

    private Uni<Xml> disassociate(Call c) {
        String id = c.params().required("AssociationId");
        return c.delete("/v1/route-tables/associations/" + Listing.seg(id)).map(r -> Views.ok(c));
    }

    private Uni<Xml> describe(Call c) {
        List<String> ids = c.params().list("RouteTableId");
        return LISTING.find(c, ids).map(found -> {
            Xml x = Xml.response("DescribeRouteTables", c.requestId()).start("routeTableSet");
            for (JsonNode t : found.items()) {
                table(x.start("item"), t);
                x.end();
            }
            return x.end().text("nextToken", found.nextToken());
        });
    }

    /** The members of one route table (inside an element the caller opened and closes). */
    private static void table(Xml x, JsonNode t) {
        x.text("routeTableId", s(t, "routeTableId")).text("vpcId", s(t, "vpcId")).text("ownerId", s(t, "ownerId"))
                .start("routeSet");
        for (JsonNode r : t.path("routes")) {
            x.start("item").text("destinationCidrBlock", s(r, "destinationCidrBlock"))
                    .text("gatewayId", s(r, "gatewayId")).text("state", s(r, "state"))
                    .text("origin", s(r, "origin")).end();
        }
        x.end().start("associationSet");
        for (JsonNode a : t.path("associations")) {
            x.start("item").text("routeTableAssociationId", s(a, "routeTableAssociationId"))
                    .text("routeTableId", s(a, "routeTableId")).text("subnetId", s(a, "subnetId"))
                    .text("main", a.path("main").asBoolean())
                    .start("associationState").text("state", "associated").end().end();
        }
        x.end().start("propagatingVgwSet").end();
        Views.tagSet(x, null);
    }

    private Uni<Xml> delete(Call c) {
        String id = c.params().required("RouteTableId");
        return c.delete("/v1/route-tables/" + Listing.seg(id)).map(r -> Views.ok(c));
    }
}
