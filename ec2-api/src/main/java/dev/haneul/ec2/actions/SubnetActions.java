package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subnets: CreateSubnet, DescribeSubnets, DeleteSubnet, ModifySubnetAttribute (MapPublicIpOnLaunch) over
 * {@code /v1/subnets}. The REST list honours {@code vpc-id} and {@code availability-zone} (one exact value each);
 * the other filters are matched here ({@link Listing}).
 */
@ApplicationScoped
public class SubnetActions implements ActionGroup {
    static final Listing LISTING = new Listing("/v1/subnets", "subnets", true,
            List.of("subnet-id", "vpc-id", "availability-zone", "availabilityZone", "cidr-block", "cidrBlock",
                    "cidr", "default-for-az", "defaultForAz", "map-public-ip-on-launch",
                    "available-ip-address-count", "owner-id", "state"),
            Map.of("vpc-id", "vpcId", "availability-zone", "availabilityZone", "availabilityZone",
                    "availabilityZone"),
            n -> new Listing.Fields().put("subnet-id", n, "subnetId").put("vpc-id", n, "vpcId")
                    .put("availability-zone", n, "availabilityZone").put("availabilityZone", n, "availabilityZone")
                    .put("cidr-block", n, "cidrBlock").put("cidrBlock", n, "cidrBlock").put("cidr", n, "cidrBlock")
                    .put("default-for-az", String.valueOf(n.path("defaultForAz").asBoolean()))
                    .put("defaultForAz", String.valueOf(n.path("defaultForAz").asBoolean()))
                    .put("map-public-ip-on-launch", String.valueOf(n.path("mapPublicIpOnLaunch").asBoolean()))
                    .put("available-ip-address-count", n, "availableIpAddressCount")
                    .put("owner-id", n, "ownerId").put("state", n, "state").map());

    @Override
    public List<Action> actions() {
        return List.of(
                Action.write("CreateSubnet", this::create),
                Action.read("DescribeSubnets", LISTING.documented(), this::describe),
                Action.write("DeleteSubnet", this::delete),
                Action.write("ModifySubnetAttribute", this::modify));
    }

    private Uni<Xml> create(Call c) {
        Params p = c.params();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vpcId", p.required("VpcId"));
        body.put("cidrBlock", p.required("CidrBlock"));
        String zone = p.string("AvailabilityZone");
        if (p.string("AvailabilityZoneId") != null) {
            throw Ec2Exception.invalidValue("Name the zone with AvailabilityZone (its name): Haneul does not answer "
                    + "AvailabilityZoneId here.");
        }
        if (zone != null) {
            body.put("availabilityZone", zone);
        }
        if (p.string("Ipv6CidrBlock") != null || Boolean.TRUE.equals(p.bool("Ipv6Native"))) {
            throw Ec2Exception.invalidValue("Haneul subnets are IPv4 only: leave Ipv6CidrBlock and Ipv6Native out.");
        }
        Untagged.refuseTags(p, "subnets");
        return c.post("/v1/subnets", body).map(n -> {
            Xml x = Xml.response("CreateSubnet", c.requestId());
            subnet(x.start("subnet"), n);
            return x.end();
        });
    }

    private Uni<Xml> describe(Call c) {
        List<String> ids = c.params().list("SubnetId");
        return LISTING.find(c, ids).map(found -> {
            Xml x = Xml.response("DescribeSubnets", c.requestId()).start("subnetSet");
            for (JsonNode n : found.items()) {
                subnet(x.start("item"), n);
                x.end();
            }
            return x.end().text("nextToken", found.nextToken());
        });
    }

    /** The members of one subnet (inside an element the caller opened and closes). */
    private static void subnet(Xml x, JsonNode n) {
        x.text("subnetId", s(n, "subnetId")).text("state", s(n, "state")).text("vpcId", s(n, "vpcId"))
                .text("cidrBlock", s(n, "cidrBlock")).start("ipv6CidrBlockAssociationSet").end()
                .text("availableIpAddressCount", s(n, "availableIpAddressCount"))
                .text("availabilityZone", s(n, "availabilityZone"))
                .text("defaultForAz", n.path("defaultForAz").asBoolean())
                .text("mapPublicIpOnLaunch", n.path("mapPublicIpOnLaunch").asBoolean())
                .text("ownerId", s(n, "ownerId")).text("assignIpv6AddressOnCreation", false);
        Views.tagSet(x, null);
    }

    private Uni<Xml> delete(Call c) {
        String id = c.params().required("SubnetId");
        return c.delete("/v1/subnets/" + Listing.seg(id)).map(r -> Views.ok(c));
    }

    /** Attributes without a Haneul counterpart are refused by name, not ignored. */
    private static final List<String> OTHER_ATTRIBUTES = List.of("AssignIpv6AddressOnCreation",
            "MapCustomerOwnedIpOnLaunch", "EnableDns64", "EnableResourceNameDnsARecordOnLaunch",
            "EnableResourceNameDnsAAAARecordOnLaunch", "DisableLniAtDeviceIndex");

    private Uni<Xml> modify(Call c) {
        Params p = c.params();
        String id = p.required("SubnetId");
        Boolean map = p.bool("MapPublicIpOnLaunch.Value");
        for (String a : OTHER_ATTRIBUTES) {
            if (p.bool(a + ".Value") != null) {
                throw Ec2Exception.invalidValue("Haneul changes a subnet's MapPublicIpOnLaunch only, not " + a + ".");
            }
        }
        for (String a : List.of("CustomerOwnedIpv4Pool", "PrivateDnsHostnameTypeOnLaunch", "EnableLniAtDeviceIndex")) {
            if (p.string(a) != null) {
                throw Ec2Exception.invalidValue("Haneul changes a subnet's MapPublicIpOnLaunch only, not " + a + ".");
            }
        }
        if (map == null) {
            throw Ec2Exception.missing("MapPublicIpOnLaunch.Value");
        }
        return c.patch("/v1/subnets/" + Listing.seg(id), Map.of("mapPublicIpOnLaunch", map))
                .map(r -> Views.ok(c));
    }
}
