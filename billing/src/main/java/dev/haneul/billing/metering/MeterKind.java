package dev.haneul.billing.metering;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a meter measures, the unit of its quantity and the minimum billed per start. Volume, snapshot and
 * public-IP meters are declared so prices can be kept for them; their events do not exist yet.
 */
public enum MeterKind {
    INSTANCE_RUNNING("instance-running", "instance", 60),
    VOLUME_STORAGE("volume-storage", "GiB", 0),
    VOLUME_IOPS("volume-iops", "IOPS", 0),
    VOLUME_THROUGHPUT("volume-throughput", "MBps", 0),
    SNAPSHOT_STORAGE("snapshot-storage", "GiB", 0),
    PUBLIC_IPV4("public-ipv4", "address", 0);

    private final String id;
    private final String unit;
    private final int minimumSeconds;

    MeterKind(String id, String unit, int minimumSeconds) {
        this.id = id;
        this.unit = unit;
        this.minimumSeconds = minimumSeconds;
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

    public static Optional<MeterKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
