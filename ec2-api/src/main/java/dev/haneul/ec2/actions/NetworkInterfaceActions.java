package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Network interfaces: DescribeNetworkInterfaces over {@code /v1/network-interfaces} (Haneul creates an instance's
 * one interface with it; there is no CreateNetworkInterface). The REST list honours {@code attachment.instance-id}
 * (one exact value); the other filters are matched here ({@link Listing}).
 */
@ApplicationScoped
public class NetworkInterfaceActions implements ActionGroup {
    static final Listing LISTING = new Listing("/v1/network-interfaces", "networkInterfaces", true,
            List.of("network-interface-id", "attachment.instance-id", "attachment.instance-owner-id",
                    "attachment.status", "attachment.device-index", "availability-zone", "vpc-id", "subnet-id",
                    "private-ip-address", "addresses.private-ip-address", "mac-address", "status", "owner-id",
                    "group-id", "association.public-ip", "interface-type", "requester-managed",
                    "source-dest-check"),
            Map.of("attachment.instance-id", "instanceId"), n -> {
                Listing.Fields f = new Listing.Fields().put("network-interface-id", n, "networkInterfaceId")
                        .put("availability-zone", n, "availabilityZone").put("vpc-id", n, "vpcId")
                        .put("subnet-id", n, "subnetId").put("private-ip-address", n, "privateIpAddress")
                        .put("addresses.private-ip-address", n, "privateIpAddress")
                        .put("mac-address", n, "macAddress").put("status", n, "status").put("owner-id", n, "ownerId")
                        .put("association.public-ip", n.path("association"), "publicIp")
                        .put("interface-type", n, "interfaceType").put("requester-managed", "false")
                        .put("source-dest-check", "true");
                JsonNode a = n.path("attachment");
                if (a.isObject()) {
                    f.put("attachment.instance-id", a, "instanceId").put("attachment.instance-owner-id", n, "ownerId")
                            .put("attachment.status", a, "status").put("attachment.device-index", a, "deviceIndex");
                }
                n.path("groups").forEach(g -> f.put("group-id", g, "groupId"));
                return f.map();
            });

    @Override
    public List<Action> actions() {
        return List.of(Action.read("DescribeNetworkInterfaces", LISTING.documented(), this::describe));
    }

    private Uni<Xml> describe(Call c) {
        List<String> ids = c.params().list("NetworkInterfaceId");
        // Haneul manages no interfaces on the caller's behalf (load balancers, endpoints): nothing to include
        c.params().bool("IncludeManagedResources");
        return LISTING.find(c, ids).map(found -> {
            Xml x = Xml.response("DescribeNetworkInterfaces", c.requestId()).start("networkInterfaceSet");
            for (JsonNode n : found.items()) {
                networkInterface(x, n);
            }
            return x.end().text("nextToken", found.nextToken());
        });
    }

    private static void networkInterface(Xml x, JsonNode n) {
        String publicIp = s(n.path("association"), "publicIp");
        String ip = s(n, "privateIpAddress");
        String dns = ip == null ? null : "ip-" + ip.replace('.', '-') + ".internal";
        x.start("item").text("networkInterfaceId", s(n, "networkInterfaceId")).text("subnetId", s(n, "subnetId"))
                .text("vpcId", s(n, "vpcId")).text("availabilityZone", s(n, "availabilityZone"))
                .text("description", "").text("ownerId", s(n, "ownerId")).text("requesterManaged", false)
                .text("status", s(n, "status")).text("macAddress", s(n, "macAddress"))
                .text("privateIpAddress", ip).text("privateDnsName", dns).text("sourceDestCheck", true)
                .start("groupSet");
        n.path("groups").forEach(g -> x.start("item").text("groupId", s(g, "groupId")).end());
        x.end();
        JsonNode a = n.path("attachment");
        if (a.isObject()) {
            x.start("attachment").text("instanceId", s(a, "instanceId")).text("instanceOwnerId", s(n, "ownerId"))
                    .text("deviceIndex", s(a, "deviceIndex")).text("status", s(a, "status"))
                    .text("deleteOnTermination", true).end();
        }
        if (publicIp != null) {
            x.start("association").text("publicIp", publicIp).text("ipOwnerId", "amazon").end();
        }
        Views.tagSet(x, null);
        x.start("privateIpAddressesSet").start("item").text("privateIpAddress", ip).text("privateDnsName", dns)
                .text("primary", true);
        if (publicIp != null) {
            x.start("association").text("publicIp", publicIp).text("ipOwnerId", "amazon").end();
        }
        x.end().end().start("ipv6AddressesSet").end().text("interfaceType", s(n, "interfaceType")).end();
    }
}
