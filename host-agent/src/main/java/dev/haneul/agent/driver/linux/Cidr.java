package dev.haneul.agent.driver.linux;

/** An IPv4 prefix, for the few checks the data plane makes (containment, prefix length). */
public record Cidr(long network, int prefix) {

    public static Cidr parse(String cidr) {
        String[] parts = cidr.split("/");
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        return new Cidr(address(parts[0]) & mask(prefix), prefix);
    }

    public static long address(String ip) {
        String[] o = ip.split("\\.");
        if (o.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long v = 0;
        for (String s : o) {
            int b = Integer.parseInt(s);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            v = (v << 8) | b;
        }
        return v;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.network & mask(prefix)) == network;
    }

    public boolean containsAddress(String ip) {
        return (address(ip) & mask(prefix)) == network;
    }

    /** The prefix in canonical form (validated), e.g. {@code 10.0.0.0/16}. */
    public String canonical() {
        return ((network >> 24) & 255) + "." + ((network >> 16) & 255) + "." + ((network >> 8) & 255) + "."
                + (network & 255) + "/" + prefix;
    }
}
