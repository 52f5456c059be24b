package dev.haneul.events.host;

import dev.haneul.events.EventType;
import dev.haneul.events.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A host agent announces a host and its capacity (sent at agent start and whenever the host changes).
 * {@code families} lists the instance families the host can run (e.g. t3, m5, g4dn).
 */
@EventType(value = "haneul.host.registered.v1", topic = Topics.HOST_EVENTS)
public record HostRegistered(String hostId, Instant at, String agentId, String availabilityZone, String rack,
        int vcpus, long memoryMib, long diskGib, int gpus, String gpuModel, List<String> families,
        BigDecimal cpuOvercommit, BigDecimal memoryOvercommit, List<String> instanceIds) implements HostEvent {
}
