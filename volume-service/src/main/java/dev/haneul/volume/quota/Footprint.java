package dev.haneul.volume.quota;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a volume or snapshot holds against its account's quotas, derived from its database row (the truth the
 * Redis counters are rebuilt from). A volume that is not {@code deleted} holds its size in GiB against its
 * type; while a modification that changes the type is in progress ({@code modifying}/{@code optimizing}) it
 * also still holds its original size against its original type (EC2 keeps the old volume until the new one is
 * ready). A snapshot that exists holds 1 against {@code snapshots}.
 */
public final class Footprint {
    /** The volume types, each a GiB quota. */
    public static final List<String> TYPES = List.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");
    public static final String SNAPSHOTS = "snapshots";
    /** Every quota volume-service enforces, in the order of the Redis scripts' keys. */
    public static final List<String> QUOTAS = List.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard", SNAPSHOTS);

    private Footprint() {
    }

    /** GiB per type held by a volume in {@code state} ({@code modificationState} may be null). */
    public static Map<String, Long> ofVolume(String state, String type, long size, String modificationState,
            String originalType, Integer originalSize) {
        Map<String, Long> held = new LinkedHashMap<>();
        if ("deleted".equals(state)) {
            return held;
        }
        held.put(type, size);
        boolean inProgress = "modifying".equals(modificationState) || "optimizing".equals(modificationState);
        if (inProgress && originalType != null && originalSize != null && !Objects.equals(originalType, type)) {
            held.merge(originalType, originalSize.longValue(), Math::max);
        }
        return held;
    }

    /** The override key of a quota in {@code AccountQuotasChanged}: {@code volumeGiB.gp3}, {@code snapshots}. */
    public static String overrideKey(String quota) {
        return SNAPSHOTS.equals(quota) ? SNAPSHOTS : "volumeGiB." + quota;
    }

    /** The quota an override key names, or null when it is not one of volume-service's. */
    public static String quotaOf(String overrideKey) {
        if (SNAPSHOTS.equals(overrideKey)) {
            return SNAPSHOTS;
        }
        if (overrideKey != null && overrideKey.startsWith("volumeGiB.")) {
            String type = overrideKey.substring("volumeGiB.".length());
            return TYPES.contains(type) ? type : null;
        }
        return null;
    }
}
