package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Security groups and their rules: create, describe, delete, authorize and revoke ingress/egress
 * ({@link IpPermissions}: both request forms), DescribeSecurityGroupRules, over {@code /v1/security-groups}. The
 * REST list honours {@code vpc-id} and {@code group-name} (one exact value each); the other filters are matched
 * here ({@link Listing}). Group names ({@code GroupName}, {@code SourceSecurityGroupName}, {@code Groups.M.GroupName})
 * name groups of the default VPC, as on EC2 ({@link SecurityGroupNames}).
 *
 * <p>The REST API keeps rules inside their group's {@code IpPermission}s and shows no rule ids: rules are
 * described without {@code securityGroupRuleId}, and {@code SecurityGroupRuleId.N} is refused.
 */
@ApplicationScoped
public class SecurityGroupActions implements ActionGroup {
    static final Listing LISTING = new Listing("/v1/security-groups", "securityGroups", true,
            List.of("group-id", "group-name", "vpc-id", "description", "owner-id", "ip-permission.cidr",
                    "ip-permission.from-port", "ip-permission.to-port", "ip-permission.protocol",
                    "ip-permission.group-id", "egress.ip-permission.cidr", "egress.ip-permission.from-port",
                    "egress.ip-permission.to-port", "egress.ip-permission.protocol", "egress.ip-permission.group-id"),
            Map.of("vpc-id", "vpcId", "group-name", "groupName"), g -> {
                Listing.Fields f = new Listing.Fields().put("group-id", g, "groupId")
                        .put("group-name", g, "groupName").put("vpc-id", g, "vpcId")
                        .put("description", g, "description").put("owner-id", g, "ownerId");
                permissionFields(f, "ip-permission.", g.path("ipPermissions"));
                permissionFields(f, "egress.ip-permission.", g.path("ipPermissionsEgress"));
                return f.map();
            });

    private static void permissionFields(Listing.Fields f, String prefix, JsonNode permissions) {
        for (JsonNode perm : permissions) {
            f.put(prefix + "protocol", perm, "ipProtocol").put(prefix + "from-port", perm, "fromPort")
                    .put(prefix + "to-port", perm, "toPort");
            perm.path("ipRanges").forEach(r -> f.put(prefix + "cidr", r, "cidrIp"));
            perm.path("userIdGroupPairs").forEach(r -> f.put(prefix + "group-id", r, "groupId"));
        }
    }

    private static final List<String> RULE_FILTERS = List.of("group-id");

    @Override
    public List<Action> actions() {
        return List.of(
                Action.write("CreateSecurityGroup", this::create),
                Action.read("DescribeSecurityGroups", LISTING.documented(), this::describe),
                Action.write("DeleteSecurityGroup", this::delete),
                Action.write("AuthorizeSecurityGroupIngress", c -> authorize(c, "ingress")),
                Action.write("AuthorizeSecurityGroupEgress", c -> authorize(c, "egress")),
                Action.write("RevokeSecurityGroupIngress", c -> revoke(c, "ingress")),
                Action.write("RevokeSecurityGroupEgress", c -> revoke(c, "egress")),
                Action.read("DescribeSecurityGroupRules", RULE_FILTERS, this::rules));
    }

    private Uni<Xml> create(Call c) {
        Params p = c.params();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groupName", p.required("GroupName"));
        body.put("description", p.required("GroupDescription"));
        String vpc = p.string("VpcId");
        if (vpc != null) {
            body.put("vpcId", vpc);
        }
        Untagged.refuseTags(p, "security groups");
        return c.post("/v1/security-groups", body)
                .map(g -> Xml.response("CreateSecurityGroup", c.requestId()).text("groupId", s(g, "groupId")));
    }

    private Uni<Xml> describe(Call c) {
        Params p = c.params();
        List<String> ids = p.list("GroupId");
        List<String> names = p.list("GroupName");
        Listing.Request request = LISTING.request(c);
        Uni<Listing.Found> found = names.isEmpty() ? request.find(ids)
                : SecurityGroupNames.resolve(c, names, null).chain(named -> {
                    List<String> all = new ArrayList<>(ids);
                    named.stream().filter(n -> !all.contains(n)).forEach(all::add);
                    return request.find(all);
                });
        return found.map(f -> {
            Xml x = Xml.response("DescribeSecurityGroups", c.requestId()).start("securityGroupInfo");
            for (JsonNode g : f.items()) {
                group(x.start("item"), g);
                x.end();
            }
            return x.end().text("nextToken", f.nextToken());
        });
    }

    private static void group(Xml x, JsonNode g) {
        x.text("ownerId", s(g, "ownerId")).text("groupId", s(g, "groupId")).text("groupName", s(g, "groupName"))
                .text("groupDescription", s(g, "description"));
        permissions(x, "ipPermissions", g.path("ipPermissions"), s(g, "ownerId"));
        permissions(x, "ipPermissionsEgress", g.path("ipPermissionsEgress"), s(g, "ownerId"));
        x.text("vpcId", s(g, "vpcId"));
        Views.tagSet(x, null);
    }

    private static void permissions(Xml x, String element, JsonNode permissions, String owner) {
        x.start(element);
        for (JsonNode perm : permissions) {
            x.start("item").text("ipProtocol", s(perm, "ipProtocol")).text("fromPort", s(perm, "fromPort"))
                    .text("toPort", s(perm, "toPort")).start("groups");
            for (JsonNode pair : perm.path("userIdGroupPairs")) {
                x.start("item").text("userId", owner).text("groupId", s(pair, "groupId"))
                        .text("description", s(pair, "description")).end();
            }
            x.end().start("ipRanges");
            for (JsonNode r : perm.path("ipRanges")) {
                x.start("item").text("cidrIp", s(r, "cidrIp")).text("description", s(r, "description")).end();
            }
            x.end().start("ipv6Ranges").end().start("prefixListIds").end().end();
        }
        x.end();
    }

    private Uni<Xml> delete(Call c) {
        Params p = c.params();
        Uni<String> id = groupId(c, p, true);
        return id.chain(g -> c.delete("/v1/security-groups/" + Listing.seg(g)).map(r -> g))
                .map(g -> Views.ok(c).text("groupId", g));
    }

    /** {@code GroupId}, or {@code GroupName} (a group of the default VPC) where the action takes one. */
    private static Uni<String> groupId(Call c, Params p, boolean byName) {
        String id = p.string("GroupId");
        String name = byName ? p.string("GroupName") : null;
        if (id != null) {
            return Uni.createFrom().item(id);
        }
        if (name == null) {
            throw Ec2Exception.missing("GroupId");
        }
        return SecurityGroupNames.resolve(c, List.of(name), null).map(l -> l.get(0));
    }

    private Uni<Xml> authorize(Call c, String direction) {
        Params p = c.params();
        Uni<String> id = groupId(c, p, direction.equals("ingress"));
        IpPermissions rules = IpPermissions.read(p, c.principal().accountId());
        Untagged.refuseTags(p, "security group rules");
        return id.chain(g -> sources(c, rules).chain(perms -> c.post("/v1/security-groups/" + Listing.seg(g) + "/"
                        + direction, Map.of("ipPermissions", perms)).map(view -> {
                            Xml x = Views.ok(c).start("securityGroupRuleSet");
                            for (Map<String, Object> perm : perms) {
                                addedRules(x, g, c.principal().accountId(), direction, perm);
                            }
                            return x.end();
                        })));
    }

    private Uni<Xml> revoke(Call c, String direction) {
        Params p = c.params();
        if (!p.list("SecurityGroupRuleId").isEmpty()) {
            throw Ec2Exception.invalidValue("Haneul revokes rules by their permissions (IpPermissions), not by "
                    + "SecurityGroupRuleId.");
        }
        Uni<String> id = groupId(c, p, direction.equals("ingress"));
        IpPermissions rules = IpPermissions.read(p, c.principal().accountId());
        return id.chain(g -> sources(c, rules).chain(perms -> c.api().call(HttpMethod.DELETE,
                "/v1/security-groups/" + Listing.seg(g) + "/" + direction, null, Map.of("ipPermissions", perms),
                c.principal().token(), c.requestId()))).map(view -> Views.ok(c));
    }

    /** The permissions with their source group names resolved (groups of the default VPC). */
    private static Uni<List<Map<String, Object>>> sources(Call c, IpPermissions rules) {
        if (rules.names().isEmpty()) {
            return Uni.createFrom().item(rules.permissions());
        }
        return SecurityGroupNames.resolve(c, rules.names(), null).map(rules::resolved);
    }

    /** The rules a permission added, one per source, as EC2's {@code SecurityGroupRule} (without ids). */
    @SuppressWarnings("unchecked")
    private static void addedRules(Xml x, String groupId, String owner, String direction, Map<String, Object> perm) {
        List<Map<String, Object>> sources = new ArrayList<>();
        sources.addAll((List<Map<String, Object>>) perm.getOrDefault("ipRanges", List.of()));
        sources.addAll((List<Map<String, Object>>) perm.getOrDefault("userIdGroupPairs", List.of()));
        for (Map<String, Object> src : sources) {
            x.start("item").text("groupId", groupId).text("groupOwnerId", owner)
                    .text("isEgress", direction.equals("egress")).text("ipProtocol", perm.get("ipProtocol"))
                    .text("fromPort", perm.get("fromPort")).text("toPort", perm.get("toPort"))
                    .text("cidrIpv4", src.get("cidrIp"));
            if (src.get("groupId") != null) {
                x.start("referencedGroupInfo").text("groupId", src.get("groupId")).text("userId", owner).end();
            }
            x.text("description", src.get("description")).end();
        }
    }

    // ---- DescribeSecurityGroupRules -----------------------------------------------------------------------

    private Uni<Xml> rules(Call c) {
        Params p = c.params();
        if (!p.list("SecurityGroupRuleId").isEmpty()) {
            throw Ec2Exception.invalidValue("Haneul shows no security group rule ids: filter by group-id instead.");
        }
        List<String> groups = new ArrayList<>();
        for (Params.Filter f : p.filters()) {
            if (!f.name().equals("group-id")) {
                throw Views.badFilter(f.name());
            }
            groups.addAll(f.values());
        }
        // paging is by group: the REST list's pages of groups, each group's rules whole
        Map<String, List<String>> query = new LinkedHashMap<>();
        Views.paging(p, query);
        Uni<Listing.Found> found = groups.isEmpty()
                ? c.get("/v1/security-groups", query).map(page -> {
                    List<JsonNode> items = new ArrayList<>();
                    page.path("securityGroups").forEach(items::add);
                    return new Listing.Found(items, s(page, "nextToken"));
                })
                : Uni.join().all(groups.stream().map(g -> c.get("/v1/security-groups/" + Listing.seg(g)))
                        .toList()).andFailFast().map(items -> new Listing.Found(items, null));
        return found.map(f -> {
            Xml x = Xml.response("DescribeSecurityGroupRules", c.requestId()).start("securityGroupRuleSet");
            for (JsonNode g : f.items()) {
                groupRules(x, g, false, g.path("ipPermissions"));
                groupRules(x, g, true, g.path("ipPermissionsEgress"));
            }
            return x.end().text("nextToken", f.nextToken());
        });
    }

    private static void groupRules(Xml x, JsonNode g, boolean egress, JsonNode permissions) {
        for (JsonNode perm : permissions) {
            List<JsonNode> sources = new ArrayList<>();
            perm.path("ipRanges").forEach(sources::add);
            perm.path("userIdGroupPairs").forEach(sources::add);
            for (JsonNode src : sources) {
                x.start("item").text("groupId", s(g, "groupId")).text("groupOwnerId", s(g, "ownerId"))
                        .text("isEgress", egress).text("ipProtocol", s(perm, "ipProtocol"))
                        .text("fromPort", s(perm, "fromPort")).text("toPort", s(perm, "toPort"))
                        .text("cidrIpv4", s(src, "cidrIp"));
                if (s(src, "groupId") != null) {
                    x.start("referencedGroupInfo").text("groupId", s(src, "groupId"))
                            .text("userId", s(g, "ownerId")).end();
                }
                x.text("description", s(src, "description"));
                Views.tagSet(x, null);
                x.end();
            }
        }
    }
}
