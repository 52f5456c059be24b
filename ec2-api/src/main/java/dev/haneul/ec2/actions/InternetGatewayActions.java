package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Internet gateways: create, attach to and detach from a VPC, describe, delete, over
 * {@code /v1/internet-gateways}. The REST list honours {@code attachment.vpc-id} (one exact value); the other
 * filters are matched here ({@link Listing}).
 */
@ApplicationScoped
public class InternetGatewayActions implements ActionGroup {
    static final Listing LISTING = new Listing("/v1/internet-gateways", "internetGateways", true,
            List.of("internet-gateway-id", "attachment.vpc-id", "attachment.state", "owner-id"),
            Map.of("attachment.vpc-id", "vpcId"), g -> {
                Listing.Fields f = new Listing.Fields().put("internet-gateway-id", g, "internetGatewayId")
                        .put("owner-id", g, "ownerId");
                for (JsonNode a : g.path("attachments")) {
                    f.put("attachment.vpc-id", a, "vpcId").put("attachment.state", a, "state");
                }
                return f.map();
            });

    @Override
    public List<Action> actions() {
        return List.of(
                Action.write("CreateInternetGateway", this::create),
                Action.write("AttachInternetGateway", c -> attachment(c, "attach")),
                Action.write("DetachInternetGateway", c -> attachment(c, "detach")),
                Action.read("DescribeInternetGateways", LISTING.documented(), this::describe),
                Action.write("DeleteInternetGateway", this::delete));
    }

    private Uni<Xml> create(Call c) {
        Untagged.refuseTags(c.params(), "internet gateways");
        return c.post("/v1/internet-gateways", Map.of()).map(g -> {
            Xml x = Xml.response("CreateInternetGateway", c.requestId()).start("internetGateway");
            gateway(x, g);
            return x.end();
        });
    }

    private Uni<Xml> attachment(Call c, String verb) {
        Params p = c.params();
        String id = p.required("InternetGatewayId");
        String vpc = p.required("VpcId");
        return c.post("/v1/internet-gateways/" + Listing.seg(id) + "/" + verb, Map.of("vpcId", vpc))
                .map(r -> Views.ok(c));
    }

    private Uni<Xml> describe(Call c) {
        List<String> ids = c.params().list("InternetGatewayId");
        return LISTING.find(c, ids).map(found -> {
            Xml x = Xml.response("DescribeInternetGateways", c.requestId()).start("internetGatewaySet");
            for (JsonNode g : found.items()) {
                gateway(x.start("item"), g);
                x.end();
            }
            return x.end().text("nextToken", found.nextToken());
        });
    }

    private static void gateway(Xml x, JsonNode g) {
        x.text("internetGatewayId", s(g, "internetGatewayId")).text("ownerId", s(g, "ownerId"))
                .start("attachmentSet");
        for (JsonNode a : g.path("attachments")) {
            x.start("item").text("vpcId", s(a, "vpcId")).text("state", s(a, "state")).end();
        }
        x.end();
        Views.tagSet(x, null);
    }

    private Uni<Xml> delete(Call c) {
        String id = c.params().required("InternetGatewayId");
        return c.delete("/v1/internet-gateways/" + Listing.seg(id)).map(r -> Views.ok(c));
    }
}
