package dev.haneul.agent.driver.linux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Linux driver keeps things and its limits: {@code stateDir} holds one directory per instance (root
 * volume file, mounts, console log, spec); {@code imageDir} the cached root filesystems; {@code uidBase} the first
 * host uid of guest slot 0 (slot n = uidBase + 65536 × n); {@code unreachableRoutes} the ranges guarded in the
 * host namespace ({@link SafetyRoutes}); {@code images} which image ids boot which root filesystem ({@code
 * debian-12}, the one {@link ImageStore} builds): any other image is refused with that reason; {@code blockStore}
 * the zone's shared directory of volume files ({@code BlockStoreLayout}; without one, data volumes are refused).
 */
public record LinuxSettings(Path stateDir, Path imageDir, Optional<String> debianMirror, long uidBase,
        List<String> unreachableRoutes, Duration bootTimeout, Path cgroupRoot, Map<String, String> images,
        Optional<Path> blockStore) {

    /** {@code ami-…=debian-12} pairs, as the configuration lists them. */
    public static Map<String, String> imagesFrom(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("haneul.agent.linux.images: '" + p + "' is not <image id>=<root"
                        + " filesystem>");
            }
            out.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
        }
        return Map.copyOf(out);
    }

    public static final int UIDS_PER_GUEST = 65536;
}
