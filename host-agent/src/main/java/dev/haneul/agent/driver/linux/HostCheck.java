package dev.haneul.agent.driver.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this host can run real guests, and if not, the one-line reason: root, user namespaces (the guest's root
 * must be an unprivileged host uid range; without them the driver refuses rather than hand out host root),
 * overlayfs, loop devices, and the host tools the driver runs.
 */
final class HostCheck {
    private HostCheck() {
    }

    static Optional<String> refusal() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("the linux driver must run as root (it is " + System.getProperty("user.name") + ")");
        }
        try {
            Path max = Path.of("/proc/sys/user/max_user_namespaces");
            if (!Files.exists(max) || Long.parseLong(Files.readString(max).strip()) < 1) {
                return Optional.of("user namespaces are disabled (user.max_user_namespaces = 0): guests would run"
                        + " as host root");
            }
            if (!Files.readString(Path.of("/proc/filesystems")).contains("overlay")
                    && !Exec.succeeds("modprobe", "overlay")) {
                return Optional.of("the kernel has no overlayfs");
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.of("cannot read the kernel's features: " + e.getMessage());
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return Optional.of("no loop devices (/dev/loop-control)");
        }
        for (String tool : new String[] {"/usr/bin/python3", "/usr/sbin/nft", "/usr/sbin/debootstrap",
            "/usr/bin/nsenter", "/usr/bin/unshare", "/usr/sbin/mkfs.ext4"}) {
            if (!Files.isExecutable(Path.of(tool))) {
                return Optional.of(tool + " is missing (apt-get install nftables debootstrap python3)");
            }
        }
        return Optional.empty();
    }
}
