package dev.haneul.ec2.actions;

import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of Authorize/RevokeSecurityGroupIngress/Egress as the REST API's {@code ipPermissions}, from either
 * form EC2 accepts: {@code IpPermissions.N.IpProtocol/FromPort/ToPort/IpRanges.M.CidrIp/Description/
 * Groups.M.GroupId|GroupName/Description}, or the old flat {@code IpProtocol/FromPort/ToPort/CidrIp/
 * SourceSecurityGroupName/SourceSecurityGroupOwnerId}. Validation (protocols, ports, CIDRs) is the REST API's;
 * this only reshapes, and refuses what Haneul has no counterpart for (IPv6 ranges, prefix lists, another
 * account's groups) rather than dropping it.
 *
 * @param permissions the REST API's permissions; a source group named by name has a {@code groupName} member
 *                    instead of {@code groupId} until {@link #names} are resolved
 * @param names       source group names to resolve to ids (groups of the default VPC, as EC2 names them)
 */
record IpPermissions(List<Map<String, Object>> permissions, List<String> names) {

    /** Reads both forms from the request; {@code MissingParameter} when neither gives a rule. */
    static IpPermissions read(Params p, String accountId) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Params perm : p.structs("IpPermissions")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ipProtocol", perm.string("IpProtocol"));
            m.put("fromPort", perm.integer("FromPort"));
            m.put("toPort", perm.integer("ToPort"));
            List<Map<String, Object>> ranges = new ArrayList<>();
            for (Params r : perm.structs("IpRanges")) {
                ranges.add(member("cidrIp", r.string("CidrIp"), r.string("Description")));
            }
            List<Map<String, Object>> pairs = new ArrayList<>();
            for (Params g : perm.structs("Groups")) {
                String owner = g.string("UserId");
                if (owner != null && !owner.equals(accountId)) {
                    throw Ec2Exception.invalidValue("Haneul security groups name groups of the same account only, "
                            + "not of " + owner + ".");
                }
                g.string("VpcId");
                g.string("VpcPeeringConnectionId");
                g.string("PeeringStatus");
                String id = g.string("GroupId");
                String name = g.string("GroupName");
                if (id == null && name != null) {
                    names.add(name);
                    pairs.add(member("groupName", name, g.string("Description")));
                } else {
                    pairs.add(member("groupId", id, g.string("Description")));
                }
            }
            if (!perm.structs("Ipv6Ranges").isEmpty() || !perm.structs("PrefixListIds").isEmpty()) {
                perm.structs("Ipv6Ranges").forEach(r -> {
                    r.string("CidrIpv6");
                    r.string("Description");
                });
                perm.structs("PrefixListIds").forEach(r -> {
                    r.string("PrefixListId");
                    r.string("Description");
                });
                throw Ec2Exception.invalidValue("Haneul security groups have IPv4 rules only: leave Ipv6Ranges and "
                        + "PrefixListIds out.");
            }
            if (!ranges.isEmpty()) {
                m.put("ipRanges", ranges);
            }
            if (!pairs.isEmpty()) {
                m.put("userIdGroupPairs", pairs);
            }
            m.values().removeIf(v -> v == null);
            out.add(m);
        }
        String protocol = p.string("IpProtocol");
        Integer from = p.integer("FromPort");
        Integer to = p.integer("ToPort");
        String cidr = p.string("CidrIp");
        String source = p.string("SourceSecurityGroupName");
        String sourceOwner = p.string("SourceSecurityGroupOwnerId");
        if (sourceOwner != null && !sourceOwner.equals(accountId)) {
            throw Ec2Exception.invalidValue("Haneul security groups name groups of the same account only, not of "
                    + sourceOwner + ".");
        }
        boolean flat = protocol != null || from != null || to != null || cidr != null || source != null;
        if (flat && !out.isEmpty()) {
            throw Ec2Exception.invalidValue("Give the rules either as IpPermissions or as IpProtocol, FromPort, "
                    + "ToPort, CidrIp and SourceSecurityGroupName, not both.");
        }
        if (flat) {
            Map<String, Object> m = new LinkedHashMap<>();
            // the old form: a source group without a protocol opens every protocol to it, as on EC2
            m.put("ipProtocol", protocol == null && source != null ? "-1" : protocol);
            m.put("fromPort", from);
            m.put("toPort", to);
            if (cidr != null) {
                m.put("ipRanges", List.of(member("cidrIp", cidr, null)));
            }
            if (source != null) {
                names.add(source);
                m.put("userIdGroupPairs", List.of(member("groupName", source, null)));
            }
            if (m.get("ipProtocol") == null) {
                throw Ec2Exception.missing("IpProtocol");
            }
            m.values().removeIf(v -> v == null);
            out.add(m);
        }
        if (out.isEmpty()) {
            throw Ec2Exception.missing("IpPermissions");
        }
        return new IpPermissions(out, names);
    }

    /** The permissions with each source group name replaced by its id ({@code ids} in the order of {@link #names}). */
    List<Map<String, Object>> resolved(List<String> ids) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), ids.get(i));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> perm : permissions) {
            Map<String, Object> m = new LinkedHashMap<>(perm);
            Object pairs = m.get("userIdGroupPairs");
            if (pairs instanceof List<?> list) {
                List<Map<String, Object>> replaced = new ArrayList<>();
                for (Object o : list) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> pair = new LinkedHashMap<>((Map<String, Object>) o);
                    Object name = pair.remove("groupName");
                    if (name != null) {
                        Map<String, Object> withId = new LinkedHashMap<>();
                        withId.put("groupId", byName.get((String) name));
                        withId.putAll(pair);
                        pair = withId;
                    }
                    replaced.add(pair);
                }
                m.put("userIdGroupPairs", replaced);
            }
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> member(String key, String value, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        if (description != null) {
            m.put("description", description);
        }
        return m;
    }
}
