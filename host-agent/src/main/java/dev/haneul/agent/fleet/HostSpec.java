package dev.haneul.agent.fleet;

/** One simulated host: its id, availability zone and rack. */
public record HostSpec(String hostId, String availabilityZone, String rack) {
}
