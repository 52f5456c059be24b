package dev.haneul.scheduler.placement;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The scheduler's capacity rule, stated once: an instance fits on a host when the host takes instances (enabled,
 * not draining, not marked down) and, for each of vCPUs, memory and GPUs, what the host has claimed plus what is
 * asked stays within its limit. The limits of vCPUs and memory are {@code FLOOR(capacity × overcommit)}
 * ({@link #limit}); GPUs are never overcommitted.
 * <p>
 * The rule has two forms, kept here side by side so they cannot drift apart: the Java predicates, which the filters
 * judge on a {@link HostState} snapshot ({@code enabled}, {@code alive}, {@code vcpu}, {@code memory}, {@code gpu},
 * each with its own rejection reason), and the SQL condition ({@link #sql}), which every claim and the candidate
 * lock evaluate on the committed row ({@link HostStore#claim}, {@link HostStore#lockFreeCandidate},
 * {@link PlacementStore#claims}). {@code HostFitSqlTest} runs both over the same rows of the real database.
 * The heartbeat window the {@code alive} filter also judges is not part of it: the database cannot judge it.
 */
public final class HostFit {
    /** A placeholder of a bound parameter: {@code ?} (the reactive client) or {@code :name} (Hibernate). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\?|:[A-Za-z][A-Za-z0-9_]*");

    private HostFit() {
    }

    /** {@code FLOOR(capacity × overcommit)}, exactly as the SQL computes it (no overcommit: the capacity). */
    public static long limit(long capacity, BigDecimal overcommit) {
        return (overcommit == null ? BigDecimal.ONE : overcommit).multiply(BigDecimal.valueOf(capacity)).longValue();
    }

    /** Whether the host takes instances at all: enabled, not draining, not marked down. */
    public static boolean takesInstances(HostState host) {
        return host.enabled() && !host.draining() && !host.down();
    }

    public static boolean vcpusFit(HostState host, long vcpus) {
        return host.usedVcpus() + vcpus <= host.vcpuLimit();
    }

    public static boolean memoryFits(HostState host, long memoryMib) {
        return host.usedMemoryMib() + memoryMib <= host.memoryLimitMib();
    }

    public static boolean gpusFit(HostState host, long gpus) {
        return host.usedGpus() + gpus <= host.gpus();
    }

    /** The whole rule for a claim of these amounts (one instance's, or the sum of a batch's on one host). */
    public static boolean fits(HostState host, long vcpus, long memoryMib, long gpus) {
        return takesInstances(host) && vcpusFit(host, vcpus) && memoryFits(host, memoryMib) && gpusFit(host, gpus);
    }

    /**
     * The whole rule as an SQL condition on a row of {@code host}, for a claim of the amounts bound to the given
     * placeholders: {@code sql("?", "?", "?")} binds vCPUs, memory and GPUs in that order;
     * {@code sql(":v", ":m", ":g")} binds them by name. The arguments are placeholders, never values (anything else
     * is refused), so the amounts are always bound parameters.
     */
    public static String sql(String vcpus, String memoryMib, String gpus) {
        return "enabled AND NOT draining AND NOT marked_down"
                + " AND used_vcpus + " + placeholder(vcpus) + " <= FLOOR(vcpus * cpu_overcommit)"
                + " AND used_memory_mib + " + placeholder(memoryMib) + " <= FLOOR(memory_mib * memory_overcommit)"
                + " AND used_gpus + " + placeholder(gpus) + " <= gpus";
    }

    private static String placeholder(String p) {
        if (p == null || !PLACEHOLDER.matcher(p).matches()) {
            throw new IllegalArgumentException("not a parameter placeholder: " + p);
        }
        return p;
    }
}
