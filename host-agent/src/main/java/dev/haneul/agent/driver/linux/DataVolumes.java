package dev.haneul.agent.driver.linux;

import dev.haneul.events.volume.BlockStoreLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A guest's data volumes. A volume is its file in the zone's block store ({@link BlockStoreLayout}), formatted
 * ext4 on its first attach when it has no data yet. The guest's user namespace cannot mount a block device, so
 * the agent mounts the volume's filesystem for it: a loop device on the file, mounted in the host's namespaces,
 * ID-mapped through the guest's user namespace (the files the volume's root owns are the guest root's, in any
 * guest that has it) and moved into the guest's mount namespace at {@link #mountPoint} ({@code /dev/sdf} →
 * {@code /mnt/sdf}) by {@code volume-mount.py}. The loop device is released with the mount (autoclear): on an
 * unmount, or when the guest's processes end. A file that still backs a loop device (its previous guest holds
 * it, e.g. after a forced detach) is never mounted a second time.
 */
final class DataVolumes {
    private static final Duration RELEASE = Duration.ofSeconds(10);
    private final Path helper;
    private final Optional<Path> store;

    DataVolumes(Path helper, Optional<Path> store) {
        this.helper = helper;
        this.store = store;
    }

    /** Where the guest finds the volume attached at {@code device}: {@code /mnt/} and the device's name. */
    static String mountPoint(String device) {
        String name = device.substring(device.lastIndexOf('/') + 1);
        if (!name.matches("[a-z][a-z0-9]{1,15}")) {
            throw new IllegalArgumentException("not a device name: " + device);
        }
        return "/mnt/" + name;
    }

    /** Mounts the volume at its mount point in the guest whose process {@code guestPid} is; formats it first if new. */
    void attach(String volumeId, String device, long guestPid, int sizeGibIfNew) {
        Path file = file(volumeId);
        if (mounted(guestPid, device)) {
            return;
        }
        if (!Files.exists(file)) {
            format(file, sizeGibIfNew);
        }
        awaitReleased(volumeId, file);
        String loop = Exec.run("losetup", "--find", "--show", "--nooverlap", file.toString()).strip();
        try {
            Exec.run("/usr/bin/python3", "-B", helper.toString(), "mount", loop, Long.toString(guestPid),
                    mountPoint(device));
        } finally {
            Exec.run("losetup", "--detach", loop); // released now if the mount failed, else with the mount
        }
    }

    /**
     * A guest that just ended (a stop, a reboot) lets go of its volumes' loop devices shortly after its last process
     * (the kernel tears its mounts down then): this waits for that, a bounded time, and refuses a volume still held.
     */
    private static void awaitReleased(String volumeId, Path file) {
        Instant deadline = Instant.now().plus(RELEASE);
        String held;
        while (!(held = Exec.run("losetup", "--associated", file.toString()).strip()).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("volume " + volumeId + " is still held on this host (" + held
                        + "): its previous guest has not released it");
            }
            try {
                Thread.sleep(50); // polling interval under the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + volumeId + " to be released");
            }
        }
    }

    /**
     * Unmounts the volume from the guest (flushing it); true when it is detached. A busy filesystem (a guest
     * process uses it) is left mounted and answers false, unless {@code force}: then it is unmounted lazily, and
     * its loop device lives on until the guest lets go of it.
     */
    boolean detach(String device, long guestPid, boolean force) {
        List<String> umount = new ArrayList<>(List.of("/usr/bin/python3", "-B", helper.toString(), "umount",
                Long.toString(guestPid), mountPoint(device)));
        if (force) {
            umount.add("force");
        }
        Exec.Result r = Exec.attempt(umount, null);
        if (r.exitCode() == 16) {
            return false;
        }
        if (r.exitCode() != 0) {
            throw new IllegalStateException("cannot unmount " + mountPoint(device) + ": " + r.stderr().strip());
        }
        return true;
    }

    /** Whether something is mounted at the device's mount point in the guest of {@code guestPid}. */
    static boolean mounted(long guestPid, String device) {
        String point = " " + mountPoint(device) + " ";
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(guestPid), "mountinfo")).stream()
                    .anyMatch(l -> l.contains(point));
        } catch (IOException e) {
            return false;
        }
    }

    Path file(String volumeId) {
        return BlockStoreLayout.volume(store.orElseThrow(() -> new IllegalStateException(
                "this host has no block store (haneul.agent.linux.block-store): data volumes cannot be attached")),
                volumeId);
    }

    private static void format(Path file, int sizeGib) {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(tmp);
            Exec.run("truncate", "--size", Math.max(1, sizeGib) + "G", tmp.toString());
            Exec.run("nice", "-n", "19", "mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=1,lazy_journal_init=1",
                    tmp.toString());
            Files.move(tmp, file); // never a half-formatted volume under its name
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the volume file " + file, e);
        }
    }
}
