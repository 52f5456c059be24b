package dev.haneul.events.network;

import java.util.List;

/** The rules of an interface in both directions: what it may receive and what it may send ({@link PacketRule}). */
public record PacketRules(List<PacketRule> ingress, List<PacketRule> egress) {
    public PacketRules {
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
        egress = egress == null ? List.of() : List.copyOf(egress);
    }
}
