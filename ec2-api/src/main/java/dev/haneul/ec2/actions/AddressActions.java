package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elastic IPs: AllocateAddress, AssociateAddress, DisassociateAddress, ReleaseAddress, DescribeAddresses over
 * {@code /v1/elastic-ips}. EC2 names an address by its AllocationId or its PublicIp, and an association by its
 * AssociationId; the REST API by the allocation id only, so the others are looked up in the account's list
 * (small: a handful of addresses). DescribeAddresses has no paging on EC2: every page is read; the REST list
 * honours {@code instance-id} (one exact value), the other filters are matched here ({@link Listing}).
 */
@ApplicationScoped
public class AddressActions implements ActionGroup {
    static final Listing LISTING = new Listing("/v1/elastic-ips", "addresses", false,
            List.of("allocation-id", "association-id", "domain", "instance-id", "network-interface-id",
                    "network-interface-owner-id", "private-ip-address", "public-ip"),
            Map.of("instance-id", "instanceId"), a -> new Listing.Fields().put("allocation-id", a, "allocationId")
                    .put("association-id", a, "associationId").put("domain", a, "domain")
                    .put("instance-id", a, "instanceId").put("network-interface-id", a, "networkInterfaceId")
                    .put("network-interface-owner-id", s(a, "networkInterfaceId") == null ? null : s(a, "ownerId"))
                    .put("private-ip-address", a, "privateIpAddress").put("public-ip", a, "publicIp").map());

    @Override
    public List<Action> actions() {
        return List.of(
                Action.write("AllocateAddress", this::allocate),
                Action.write("AssociateAddress", this::associate),
                Action.write("DisassociateAddress", this::disassociate),
                Action.write("ReleaseAddress", this::release),
                Action.read("DescribeAddresses", LISTING.documented(), this::describe));
    }

    private Uni<Xml> allocate(Call c) {
        Params p = c.params();
        String domain = p.string("Domain");
        for (String n : List.of("Address", "PublicIpv4Pool", "NetworkBorderGroup", "CustomerOwnedIpv4Pool",
                "IpamPoolId")) {
            if (p.string(n) != null) {
                throw Ec2Exception.invalidValue("Haneul allocates addresses from its own pool only: leave " + n
                        + " out.");
            }
        }
        Untagged.refuseTags(p, "elastic IPs");
        return c.post("/v1/elastic-ips", domain == null ? Map.of() : Map.of("domain", domain))
                .map(a -> Xml.response("AllocateAddress", c.requestId()).text("publicIp", s(a, "publicIp"))
                        .text("domain", s(a, "domain")).text("allocationId", s(a, "allocationId")));
    }

    private Uni<Xml> associate(Call c) {
        Params p = c.params();
        String allocation = p.string("AllocationId");
        String publicIp = p.string("PublicIp");
        Map<String, Object> body = new LinkedHashMap<>();
        String instance = p.string("InstanceId");
        String eni = p.string("NetworkInterfaceId");
        if (instance != null) {
            body.put("instanceId", instance);
        }
        if (eni != null) {
            body.put("networkInterfaceId", eni);
        }
        Boolean reassociate = p.bool("AllowReassociation");
        if (reassociate != null) {
            body.put("allowReassociation", reassociate);
        }
        if (p.string("PrivateIpAddress") != null) {
            throw Ec2Exception.invalidValue("Haneul interfaces have one private address, which the elastic IP "
                    + "maps: leave PrivateIpAddress out.");
        }
        if (instance == null && eni == null) {
            throw Ec2Exception.missing("InstanceId");
        }
        return allocationId(c, allocation, publicIp)
                .chain(id -> c.post("/v1/elastic-ips/" + Listing.seg(id) + "/associate", body))
                .map(a -> Xml.response("AssociateAddress", c.requestId())
                        .text("associationId", s(a, "associationId")));
    }

    private Uni<Xml> disassociate(Call c) {
        Params p = c.params();
        String association = p.string("AssociationId");
        String publicIp = p.string("PublicIp");
        if (association == null && publicIp == null) {
            throw Ec2Exception.missing("AssociationId");
        }
        Uni<String> id = association == null ? allocationId(c, null, publicIp)
                : all(c).map(list -> {
                    for (JsonNode a : list) {
                        if (association.equals(s(a, "associationId"))) {
                            return s(a, "allocationId");
                        }
                    }
                    throw new Ec2Exception(400, "InvalidAssociationID.NotFound", "The association ID '"
                            + association + "' does not exist");
                });
        return id.chain(a -> c.post("/v1/elastic-ips/" + Listing.seg(a) + "/disassociate", Map.of()))
                .map(r -> Views.ok(c));
    }

    private Uni<Xml> release(Call c) {
        Params p = c.params();
        String allocation = p.string("AllocationId");
        String publicIp = p.string("PublicIp");
        // a hint of where the address lives; Haneul's region has one border group, so it changes nothing
        p.string("NetworkBorderGroup");
        return allocationId(c, allocation, publicIp)
                .chain(id -> c.delete("/v1/elastic-ips/" + Listing.seg(id))).map(r -> Views.ok(c));
    }

    private Uni<Xml> describe(Call c) {
        Params p = c.params();
        List<String> ids = p.list("AllocationId");
        List<String> ips = p.list("PublicIp");
        Listing.Request request = LISTING.request(c);
        Uni<List<JsonNode>> found;
        if (ips.isEmpty()) {
            found = request.find(ids).map(Listing.Found::items);
        } else {
            found = all(c).chain(list -> {
                List<String> wanted = new ArrayList<>(ids);
                for (String ip : ips) {
                    wanted.add(byIp(list, ip));
                }
                return request.find(wanted.stream().distinct().toList()).map(Listing.Found::items);
            });
        }
        return found.map(list -> {
            Xml x = Xml.response("DescribeAddresses", c.requestId()).start("addressesSet");
            for (JsonNode a : list) {
                x.start("item").text("publicIp", s(a, "publicIp")).text("allocationId", s(a, "allocationId"))
                        .text("domain", s(a, "domain")).text("instanceId", s(a, "instanceId"))
                        .text("associationId", s(a, "associationId"))
                        .text("networkInterfaceId", s(a, "networkInterfaceId"))
                        .text("networkInterfaceOwnerId", s(a, "networkInterfaceId") == null ? null : s(a, "ownerId"))
                        .text("privateIpAddress", s(a, "privateIpAddress"));
                Views.tagSet(x, null);
                x.end();
            }
            return x.end();
        });
    }

    private static Uni<List<JsonNode>> all(Call c) {
        return LISTING.every(c, Map.of(), null, new ArrayList<>());
    }

    private static String byIp(List<JsonNode> list, String ip) {
        for (JsonNode a : list) {
            if (ip.equals(s(a, "publicIp"))) {
                return s(a, "allocationId");
            }
        }
        throw new Ec2Exception(400, "InvalidAddress.NotFound", "Address '" + ip + "' not found.");
    }

    /** The allocation id of {@code AllocationId} or of {@code PublicIp} (looked up in the account's list). */
    private static Uni<String> allocationId(Call c, String allocation, String publicIp) {
        if (allocation != null) {
            return Uni.createFrom().item(allocation);
        }
        if (publicIp == null) {
            throw Ec2Exception.missing("AllocationId");
        }
        return all(c).map(list -> byIp(list, publicIp));
    }
}
