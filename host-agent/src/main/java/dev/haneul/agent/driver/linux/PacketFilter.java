package dev.haneul.agent.driver.linux;

import dev.haneul.agent.driver.SecurityRule;
import java.util.List;

/**
 * Security groups as one nftables table ({@code inet haneul}) in the guest's network namespace, which the guest
 * cannot touch (the namespace belongs to the host's user namespace). Inbound: default deny, replies to the
 * guest's own connections and loopback allowed, then one accept per rule. Outbound: allow all when no egress
 * rules are given (EC2's default), else the same shape. The whole table is replaced in one {@code nft -f}
 * transaction, so a change is atomic and takes a few milliseconds.
 */
public final class PacketFilter {

    public void apply(String netns, List<SecurityRule> ingress, List<SecurityRule> egress) {
        Exec.run(List.of("ip", "netns", "exec", netns, "nft", "-f", "-"), render(ingress, egress));
    }

    public String list(String netns) {
        return Exec.run("ip", "netns", "exec", netns, "nft", "list", "table", "inet", "haneul");
    }

    static String render(List<SecurityRule> ingress, List<SecurityRule> egress) {
        StringBuilder sb = new StringBuilder();
        sb.append("table inet haneul\ndelete table inet haneul\ntable inet haneul {\n");
        sb.append("  chain ingress {\n    type filter hook input priority filter; policy drop;\n");
        sb.append("    ct state established,related accept\n    iif lo accept\n    ct state invalid drop\n");
        for (SecurityRule r : ingress) {
            sb.append("    ").append(rule(r, "saddr")).append('\n');
        }
        sb.append("  }\n  chain egress {\n    type filter hook output priority filter; policy ")
                .append(egress == null ? "accept" : "drop").append(";\n");
        sb.append("    ct state established,related accept\n    oif lo accept\n");
        if (egress != null) {
            for (SecurityRule r : egress) {
                sb.append("    ").append(rule(r, "daddr")).append('\n');
            }
        }
        sb.append("  }\n}\n");
        return sb.toString();
    }

    static String rule(SecurityRule r, String dir) {
        String peer = "ip " + dir + " " + Cidr.parse(r.cidr()).canonical();
        return switch (r.protocol()) {
            case "-1", "all" -> peer + " accept";
            case "icmp" -> peer + " meta l4proto icmp" + (r.fromPort() < 0 ? "" : " icmp type " + r.fromPort()
                    + (r.toPort() < 0 ? "" : " icmp code " + r.toPort())) + " accept";
            case "tcp", "udp" -> peer + " " + r.protocol() + " dport "
                    + (r.fromPort() == r.toPort() ? Integer.toString(r.fromPort()) : r.fromPort() + "-" + r.toPort())
                    + " accept";
            default -> peer + " meta l4proto " + protocolNumber(r.protocol()) + " accept";
        };
    }

    /** Another IP protocol, by its number (EC2 accepts any of 0-255). */
    private static int protocolNumber(String protocol) {
        try {
            int n = Integer.parseInt(protocol);
            if (n >= 0 && n <= 255) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("unsupported protocol " + protocol);
    }
}
