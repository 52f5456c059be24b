package dev.haneul.billing.metering;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a meter measures, the unit of its quantity, the minimum billed per start and how its intervals are
 * formed: per launch attempt (instances: every start is a new billing period) or over one lifecycle with
 * re-rates (volumes, snapshots, public IPv4 leases: created once, changed in place, deleted once).
 */
public enum MeterKind {
    INSTANCE_RUNNING("instance-running", "instance", 60, true),
    VOLUME_STORAGE("volume-storage", "GiB", 0, false),
    VOLUME_IOPS("volume-iops", "IOPS", 0, false),
    VOLUME_THROUGHPUT("volume-throughput", "MiBps", 0, false),
    SNAPSHOT_STORAGE("snapshot-storage", "GiB", 0, false),
    PUBLIC_IPV4("public-ipv4", "address", 0, false);

    private final String id;
    private final String unit;
    private final int minimumSeconds;
    private final boolean perAttempt;

    MeterKind(String id, String unit, int minimumSeconds, boolean perAttempt) {
        this.id = id;
        this.unit = unit;
        this.minimumSeconds = minimumSeconds;
        this.perAttempt = perAttempt;
    }

    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    public int minimumSeconds() {
        return minimumSeconds;
    }

    /** True when every launch attempt is its own interval (instances); false for one lifecycle with re-rates. */
    public boolean perAttempt() {
        return perAttempt;
    }

    public static Optional<MeterKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
