package dev.haneul.events.network;

/**
 * One allow rule of an interface's security groups, as a host's data plane enforces it: {@code protocol} is
 * {@code tcp}, {@code udp}, {@code icmp}, {@code -1} (all) or another IP protocol's number; ports are an
 * inclusive range (0-65535 where the protocol has none; for icmp the type and code, -1 for any). The peer (the
 * source of an ingress rule, the destination of an egress rule) is either {@code cidr} (IPv4) or {@code groupId}:
 * every interface in that group, which the host resolves to addresses itself, so a member coming or going
 * changes no rule.
 */
public record PacketRule(String protocol, int fromPort, int toPort, String cidr, String groupId) {
}
