package dev.haneul.agent.driver.linux;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * An IPv4 prefix, for the few checks the data plane makes (containment, prefix length), over the IPAddress library
 * network-service allocates with. An address without a prefix is a /32; host bits are dropped ({@code 1.2.3.4/0} is
 * {@code 0.0.0.0/0}).
 */
public record Cidr(IPAddress block) {

    public static Cidr parse(String cidr) {
        IPAddress a = ipv4(cidr);
        return new Cidr((a.getNetworkPrefixLength() == null ? a.setPrefixLength(32, false) : a).toPrefixBlock());
    }

    private static IPAddress ipv4(String text) {
        IPAddress a = new IPAddressString(text).getAddress();
        if (a == null || !a.isIPv4()) {
            throw new IllegalArgumentException("not an IPv4 address or prefix: " + text);
        }
        return a;
    }

    public int prefix() {
        return block.getNetworkPrefixLength();
    }

    public boolean contains(Cidr other) {
        return block.contains(other.block);
    }

    public boolean containsAddress(String ip) {
        IPAddress a = ipv4(ip);
        return block.contains(a.getNetworkPrefixLength() == null ? a : a.withoutPrefixLength());
    }

    /** The subnet's router: the first address after the network's own, which EC2 reserves for the VPC router. */
    public String router() {
        return block.getLower().withoutPrefixLength().increment(1).toCanonicalString();
    }

    /** The prefix in canonical form (validated), e.g. {@code 10.0.0.0/16}. */
    public String canonical() {
        return block.toCanonicalString();
    }
}
