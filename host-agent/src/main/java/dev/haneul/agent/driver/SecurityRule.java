package dev.haneul.agent.driver;

/**
 * One security-group rule as the data plane enforces it: {@code protocol} is {@code tcp}, {@code udp},
 * {@code icmp} or {@code -1} (all); ports are an inclusive range (ignored for icmp and all); {@code cidr} is the
 * peer (source for ingress, destination for egress), IPv4.
 */
public record SecurityRule(String protocol, int fromPort, int toPort, String cidr) {

    public static SecurityRule tcp(int port, String cidr) {
        return new SecurityRule("tcp", port, port, cidr);
    }

    public static SecurityRule all(String cidr) {
        return new SecurityRule("-1", 0, 65535, cidr);
    }
}
