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
 * VPCs: CreateVpc, DescribeVpcs, DeleteVpc over {@code /v1/vpcs}. The REST list takes no filter: every filter is
 * matched here ({@link Listing}).
 */
@ApplicationScoped
public class VpcActions implements ActionGroup {
    static final Listing LISTING = new Listing("/v1/vpcs", "vpcs", true,
            List.of("vpc-id", "cidr", "cidr-block-association.cidr-block", "cidr-block-association.state",
                    "dhcp-options-id", "is-default", "owner-id", "state"),
            Map.of(), v -> new Listing.Fields().put("vpc-id", v, "vpcId").put("cidr", v, "cidrBlock")
                    .put("cidr-block-association.cidr-block", v, "cidrBlock")
                    .put("cidr-block-association.state", "associated").put("dhcp-options-id", "default")
                    .put("is-default", String.valueOf(v.path("isDefault").asBoolean()))
                    .put("owner-id", v, "ownerId").put("state", v, "state").map());

    @Override
    public List<Action> actions() {
        return List.of(
                Action.write("CreateVpc", this::create),
                Action.read("DescribeVpcs", LISTING.documented(), this::describe),
                Action.write("DeleteVpc", this::delete));
    }

    private Uni<Xml> create(Call c) {
        Params p = c.params();
        String cidr = p.required("CidrBlock");
        String tenancy = p.string("InstanceTenancy");
        if (tenancy != null && !tenancy.equals("default")) {
            throw Ec2Exception.invalidValue("Haneul VPCs have the default tenancy only, not '" + tenancy + "'.");
        }
        if (Boolean.TRUE.equals(p.bool("AmazonProvidedIpv6CidrBlock"))) {
            throw Ec2Exception.invalidValue("Haneul VPCs are IPv4 only: leave AmazonProvidedIpv6CidrBlock out.");
        }
        Untagged.refuseTags(p, "VPCs");
        return c.post("/v1/vpcs", Map.of("cidrBlock", cidr)).map(v -> {
            Xml x = Xml.response("CreateVpc", c.requestId());
            vpc(x.start("vpc"), v);
            return x.end();
        });
    }

    private Uni<Xml> describe(Call c) {
        List<String> ids = c.params().list("VpcId");
        return LISTING.find(c, ids).map(found -> {
            Xml x = Xml.response("DescribeVpcs", c.requestId()).start("vpcSet");
            for (JsonNode v : found.items()) {
                vpc(x.start("item"), v);
                x.end();
            }
            return x.end().text("nextToken", found.nextToken());
        });
    }

    /** The members of one VPC (inside an element the caller opened and closes). */
    private static void vpc(Xml x, JsonNode v) {
        x.text("vpcId", s(v, "vpcId")).text("ownerId", s(v, "ownerId")).text("state", s(v, "state"))
                .text("cidrBlock", s(v, "cidrBlock")).start("cidrBlockAssociationSet").start("item")
                .text("cidrBlock", s(v, "cidrBlock")).start("cidrBlockState").text("state", "associated").end()
                .end().end().start("ipv6CidrBlockAssociationSet").end()
                .text("dhcpOptionsId", "default").text("instanceTenancy", "default")
                .text("isDefault", v.path("isDefault").asBoolean());
        Views.tagSet(x, null);
    }

    private Uni<Xml> delete(Call c) {
        String id = c.params().required("VpcId");
        return c.delete("/v1/vpcs/" + Listing.seg(id)).map(r -> Views.ok(c));
    }
}
