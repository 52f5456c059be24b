package dev.haneul.agent.driver.linux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the Linux driver keeps things and its limits: {@code stateDir} holds one directory per instance (root
 * volume file, mounts, console log, spec); {@code imageDir} the cached root filesystems; {@code uidBase} the first
 * host uid of guest slot 0 (slot n = uidBase + 65536 × n); {@code unreachableRoutes} the ranges guarded in the
 * host namespace ({@link SafetyRoutes}).
 */
public record LinuxSettings(Path stateDir, Path imageDir, Optional<String> debianMirror, long uidBase,
        List<String> unreachableRoutes, Duration bootTimeout, Path cgroupRoot) {

    public static final int UIDS_PER_GUEST = 65536;
}
