package dev.haneul.scheduler.placement;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** A snapshot of one host for a placement decision: what the filters and weighers look at. */
public record HostState(String hostId, String availabilityZone, String rack, boolean enabled, boolean draining,
        Instant lastSeenAt, int vcpus, long memoryMib, int gpus, Set<String> families, BigDecimal cpuOvercommit,
        BigDecimal memoryOvercommit, int usedVcpus, long usedMemoryMib, int usedGpus, int instanceCount,
        long generation) {

    /** Used by the HQL projection: families are stored comma-separated. */
    public HostState(String hostId, String availabilityZone, String rack, boolean enabled, boolean draining,
            Instant lastSeenAt, int vcpus, long memoryMib, int gpus, String families, BigDecimal cpuOvercommit,
            BigDecimal memoryOvercommit, int usedVcpus, long usedMemoryMib, int usedGpus, int instanceCount,
            long generation) {
        this(hostId, availabilityZone, rack, enabled, draining, lastSeenAt, vcpus, memoryMib, gpus,
                splitFamilies(families), cpuOvercommit, memoryOvercommit, usedVcpus, usedMemoryMib, usedGpus,
                instanceCount, generation);
    }

    public static Set<String> splitFamilies(String families) {
        return families == null || families.isBlank() ? Set.of()
                : Arrays.stream(families.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
    }

    /** vCPUs that may be claimed in total: capacity times overcommit. */
    public long vcpuLimit() {
        return cpuOvercommit.multiply(BigDecimal.valueOf(vcpus)).longValue();
    }

    public long memoryLimitMib() {
        return memoryOvercommit.multiply(BigDecimal.valueOf(memoryMib)).longValue();
    }

    public long freeVcpus() {
        return vcpuLimit() - usedVcpus;
    }

    public long freeMemoryMib() {
        return memoryLimitMib() - usedMemoryMib;
    }

    public int freeGpus() {
        return gpus - usedGpus;
    }
}
