package dev.haneul.network.securitygroup;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.network.ipam.AddressBlock;
import dev.haneul.network.securitygroup.api.IpPermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One normalised rule (protocol, ports, one source): what an {@link IpPermission} expands to, validated
 * with EC2's rules. Pure: no database.
 */
public record RuleSpec(String protocol, Integer fromPort, Integer toPort, String cidr, String groupId,
        String description) {

    public String key() {
        return SecurityGroupRule.key(protocol, fromPort, toPort, cidr, groupId);
    }

    /** Expands and validates permissions; 400 {@code InvalidParameterValue} on bad input. */
    public static List<RuleSpec> of(List<IpPermission> permissions) {
        List<RuleSpec> out = new ArrayList<>();
        for (IpPermission p : permissions) {
            String protocol = protocol(p.ipProtocol());
            Integer from = null;
            Integer to = null;
            if (protocol.equals("tcp") || protocol.equals("udp")) {
                from = port(p.fromPort(), 0, 65535, "fromPort");
                to = port(p.toPort(), 0, 65535, "toPort");
                if (from > to) {
                    throw ApiException.invalidParameter("Invalid port range: fromPort " + from + " > toPort " + to
                            + ".");
                }
            } else if (protocol.equals("icmp")) {
                from = p.fromPort() == null ? -1 : port(p.fromPort(), -1, 255, "fromPort");
                to = p.toPort() == null ? -1 : port(p.toPort(), -1, 255, "toPort");
            }
            List<IpPermission.IpRange> ranges = p.ipRanges() == null ? List.of() : p.ipRanges();
            List<IpPermission.UserIdGroupPair> pairs = p.userIdGroupPairs() == null ? List.of() : p.userIdGroupPairs();
            if (ranges.isEmpty() && pairs.isEmpty()) {
                throw ApiException.invalidParameter("A permission needs at least one of ipRanges or userIdGroupPairs.");
            }
            for (IpPermission.IpRange r : ranges) {
                out.add(new RuleSpec(protocol, from, to, cidr(r.cidrIp()), null, r.description()));
            }
            for (IpPermission.UserIdGroupPair g : pairs) {
                if (!Ids.isWellFormed("sg", g.groupId())) {
                    throw ApiException.badRequest("InvalidGroupId.Malformed", "Invalid id: \"" + g.groupId()
                            + "\" (expecting \"sg-...\")");
                }
                out.add(new RuleSpec(protocol, from, to, null, g.groupId(), g.description()));
            }
        }
        return out;
    }

    /** Groups rules back into permissions by protocol and port range, in the rules' order. */
    public static List<IpPermission> permissions(List<SecurityGroupRule> rules) {
        Map<String, List<SecurityGroupRule>> byRange = new LinkedHashMap<>();
        for (SecurityGroupRule r : rules) {
            byRange.computeIfAbsent(r.ipProtocol + "|" + r.fromPort + "|" + r.toPort, k -> new ArrayList<>()).add(r);
        }
        List<IpPermission> out = new ArrayList<>();
        for (List<SecurityGroupRule> same : byRange.values()) {
            SecurityGroupRule first = same.get(0);
            out.add(new IpPermission(first.ipProtocol, first.fromPort, first.toPort,
                    same.stream().filter(r -> r.cidrIpv4 != null)
                            .map(r -> new IpPermission.IpRange(r.cidrIpv4, r.description)).toList(),
                    same.stream().filter(r -> r.referencedGroupId != null)
                            .map(r -> new IpPermission.UserIdGroupPair(r.referencedGroupId, r.description)).toList()));
        }
        return out;
    }

    static String protocol(String p) {
        String v = p.trim().toLowerCase();
        switch (v) {
            case "tcp", "6":
                return "tcp";
            case "udp", "17":
                return "udp";
            case "icmp", "1":
                return "icmp";
            case "-1", "all":
                return "-1";
            default:
                try {
                    int n = Integer.parseInt(v);
                    if (n >= 0 && n <= 255) {
                        return String.valueOf(n);
                    }
                } catch (NumberFormatException ignored) {
                    // falls through to the error
                }
                throw ApiException.invalidParameter("Invalid value '" + p + "' for IP protocol. Unknown protocol.");
        }
    }

    private static int port(Integer value, int min, int max, String name) {
        if (value == null || value < min || value > max) {
            throw ApiException.invalidParameter("Invalid value '" + value + "' for " + name + ".");
        }
        return value;
    }

    private static String cidr(String cidr) {
        try {
            return AddressBlock.canonical(cidr);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("CIDR block " + cidr + " is malformed");
        }
    }
}
