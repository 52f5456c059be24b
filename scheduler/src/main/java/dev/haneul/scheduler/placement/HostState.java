package dev.haneul.scheduler.placement;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A snapshot of one host for a placement decision: what the filters and weighers look at. The claimable limits
 * ({@code vcpuLimit}, {@code memoryLimitMib}: {@link HostFit#limit}, capacity times overcommit rounded down exactly
 * as the claim's SQL does) are computed once, when the snapshot is made, so ranking thousands of hosts does no
 * decimal arithmetic.
 */
public record HostState(String hostId, String availabilityZone, String rack, boolean enabled, boolean draining,
        boolean down, Instant lastSeenAt, int vcpus, long memoryMib, int gpus, Set<String> families, long vcpuLimit,
        long memoryLimitMib, int usedVcpus, long usedMemoryMib, int usedGpus, int instanceCount, long generation) {

    /** Used by the HQL projection: families are stored comma-separated, overcommits as decimals. */
    public HostState(String hostId, String availabilityZone, String rack, boolean enabled, boolean draining,
            boolean down, Instant lastSeenAt, int vcpus, long memoryMib, int gpus, String families,
            BigDecimal cpuOvercommit, BigDecimal memoryOvercommit, int usedVcpus, long usedMemoryMib, int usedGpus,
            int instanceCount, long generation) {
        this(hostId, availabilityZone, rack, enabled, draining, down, lastSeenAt, vcpus, memoryMib, gpus,
                splitFamilies(families), cpuOvercommit, memoryOvercommit, usedVcpus, usedMemoryMib, usedGpus,
                instanceCount, generation);
    }

    public HostState(String hostId, String availabilityZone, String rack, boolean enabled, boolean draining,
            boolean down, Instant lastSeenAt, int vcpus, long memoryMib, int gpus, Set<String> families,
            BigDecimal cpuOvercommit, BigDecimal memoryOvercommit, int usedVcpus, long usedMemoryMib, int usedGpus,
            int instanceCount, long generation) {
        this(hostId, availabilityZone, rack, enabled, draining, down, lastSeenAt, vcpus, memoryMib, gpus, families,
                HostFit.limit(vcpus, cpuOvercommit), HostFit.limit(memoryMib, memoryOvercommit), usedVcpus,
                usedMemoryMib, usedGpus, instanceCount, generation);
    }

    /** {@link HostFit#limit}: {@code FLOOR(capacity * overcommit)}, as the claim's SQL computes it. */
    public static long limit(long capacity, BigDecimal overcommit) {
        return HostFit.limit(capacity, overcommit);
    }

    public static Set<String> splitFamilies(String families) {
        return families == null || families.isBlank() ? Set.of()
                : Arrays.stream(families.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
    }

    public long freeVcpus() {
        return vcpuLimit - usedVcpus;
    }

    public long freeMemoryMib() {
        return memoryLimitMib - usedMemoryMib;
    }

    public int freeGpus() {
        return gpus - usedGpus;
    }

    /**
     * This snapshot with its last heartbeat at {@code seen} if that is later (last_seen_at only moves forward);
     * itself otherwise.
     */
    public HostState withLastSeen(Instant seen) {
        if (seen == null || lastSeenAt != null && !seen.isAfter(lastSeenAt)) {
            return this;
        }
        return new HostState(hostId, availabilityZone, rack, enabled, draining, down, seen, vcpus, memoryMib, gpus,
                families, vcpuLimit, memoryLimitMib, usedVcpus, usedMemoryMib, usedGpus, instanceCount, generation);
    }

    /** This snapshot after a successful claim of the request's capacity (what the claim did to the row). */
    public HostState withClaim(PlacementRequest r) {
        return new HostState(hostId, availabilityZone, rack, enabled, draining, down, lastSeenAt, vcpus, memoryMib,
                gpus, families, vcpuLimit, memoryLimitMib, usedVcpus + r.vcpus(), usedMemoryMib + r.memoryMib(),
                usedGpus + r.gpus(), instanceCount + 1, generation + 1);
    }
}
