package dev.haneul.scheduler.host.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A host as admins see it: where it is, its state, and its total, used and free capacity. */
public record HostView(String hostId, String agentId, String availabilityZone, String rack, String state,
        List<String> families, int vcpus, long usedVcpus, long freeVcpus, long memoryMib, long usedMemoryMib,
        long freeMemoryMib, long diskGib, int gpus, String gpuModel, int usedGpus, int instanceCount,
        BigDecimal cpuOvercommit, BigDecimal memoryOvercommit, Instant registeredAt, Instant lastSeenAt) {
}
