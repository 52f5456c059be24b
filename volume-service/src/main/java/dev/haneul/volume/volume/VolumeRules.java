package dev.haneul.volume.volume;

import dev.haneul.volume.common.VolumeRuleException;
import java.util.Set;

/**
 * EC2's rules per volume type: size range, IOPS and throughput ranges and defaults, and which types may
 * boot an instance. Pure: every rule is unit-tested.
 * <pre>
 * type      size GiB   IOPS                               throughput MiB/s  boot
 * gp2       1–16384    3/GiB, min 100, max 16000 (fixed)  —                 yes
 * gp3       1–65536    3000–80000, ≤ 500/GiB, def. 3000   125–2000, def 125 yes
 * io1       4–16384    100–64000, ≤ 50/GiB (required)     —                 yes
 * io2       4–65536    100–256000, ≤ 1000/GiB (required)  —                 yes
 * st1       125–16384  —                                  — (up to 500)     no
 * sc1       125–16384  —                                  — (up to 250)     no
 * standard  1–1024     —                                  —                 yes
 * </pre>
 */
public final class VolumeRules {
    public static final Set<String> TYPES = Set.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");

    private VolumeRules() {
    }

    /** Validates a request and fills in the defaults; {@code size} may be null only when a snapshot gives it. */
    public static VolumeSpec resolve(String type, Integer size, Integer iops, Integer throughput) {
        if (type == null || !TYPES.contains(type)) {
            throw invalid("The volume type '" + type + "' is not valid. Valid types: gp2, gp3, io1, io2, st1, sc1, standard.");
        }
        if (size == null) {
            throw new VolumeRuleException("MissingParameter", "The request must contain the parameter size or snapshotId.");
        }
        Range sizes = sizes(type);
        if (size < sizes.min || size > sizes.max) {
            throw invalid("Volume of " + size + " GiB is too " + (size < sizes.min ? "small" : "large")
                    + "; " + type + " volumes must be at least " + sizes.min + " GiB and at most " + sizes.max + " GiB.");
        }
        if (throughput != null && !type.equals("gp3")) {
            throw new VolumeRuleException("InvalidParameterCombination",
                    "Throughput can only be specified for gp3 volumes.");
        }
        return switch (type) {
            case "gp3" -> gp3(size, iops, throughput);
            case "io1" -> provisioned(type, size, iops, 64000, 50);
            case "io2" -> provisioned(type, size, iops, 256000, 1000);
            case "gp2" -> new VolumeSpec(type, size, noIops(type, iops, Math.min(16000, Math.max(100, 3 * size))), null);
            default -> new VolumeSpec(type, size, noIops(type, iops, null), null);
        };
    }

    /** st1 and sc1 cannot be a boot volume. */
    public static boolean canBoot(String type) {
        return !"st1".equals(type) && !"sc1".equals(type);
    }

    static Range sizes(String type) {
        return switch (type) {
            case "gp2" -> new Range(1, 16384);
            case "gp3" -> new Range(1, 65536);
            case "io1" -> new Range(4, 16384);
            case "io2" -> new Range(4, 65536);
            case "st1", "sc1" -> new Range(125, 16384);
            default -> new Range(1, 1024);
        };
    }

    private static VolumeSpec gp3(int size, Integer iops, Integer throughput) {
        int i = iops == null ? 3000 : iops;
        int t = throughput == null ? 125 : throughput;
        if (i < 3000 || i > 80000) {
            throw invalid("IOPS " + i + " is out of range; gp3 volumes take 3000 to 80000 IOPS.");
        }
        // the 3000 IOPS baseline comes with every gp3 volume, however small; the ratio limits what is provisioned
        if (i > 3000 && i > 500L * size) {
            throw invalid("IOPS " + i + " is too high for a " + size + " GiB gp3 volume (at most 500 IOPS per GiB).");
        }
        if (t < 125 || t > 2000) {
            throw invalid("Throughput " + t + " MiB/s is out of range; gp3 volumes take 125 to 2000 MiB/s.");
        }
        return new VolumeSpec("gp3", size, i, t);
    }

    private static VolumeSpec provisioned(String type, int size, Integer iops, int max, int perGib) {
        if (iops == null) {
            throw new VolumeRuleException("MissingParameter", "The parameter iops must be specified for " + type + " volumes.");
        }
        if (iops < 100 || iops > max) {
            throw invalid("IOPS " + iops + " is out of range; " + type + " volumes take 100 to " + max + " IOPS.");
        }
        if (iops > (long) perGib * size) {
            throw invalid("IOPS " + iops + " is too high for a " + size + " GiB " + type + " volume (at most "
                    + perGib + " IOPS per GiB).");
        }
        return new VolumeSpec(type, size, iops, null);
    }

    private static Integer noIops(String type, Integer requested, Integer computed) {
        if (requested != null) {
            throw new VolumeRuleException("InvalidParameterCombination",
                    "IOPS can only be specified for gp3, io1 and io2 volumes, not " + type + ".");
        }
        return computed;
    }

    private static VolumeRuleException invalid(String message) {
        return new VolumeRuleException("InvalidParameterValue", message);
    }

    record Range(int min, int max) {
    }
}
