package dev.haneul.agent.driver.linux;

import dev.haneul.agent.driver.GuestSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Starts and stops a guest's processes. The launch chain, each step exec'ing the next: {@code sh} (joins the
 * guest's cgroup) → {@code nsenter --net} (the guest's network namespace) → {@code userns-exec.py} (a new user
 * namespace mapping guest uid 0..65535 to host {@code uidBase}..) → {@code unshare --mount --pid --fork
 * --kill-child --uts --ipc} → {@code stage1.sh} (mounts /proc, /run, /dev, the seed; moves the root filesystem
 * over / and chroots) → the guest's {@code python3 /run/haneul/init.py} as PID 1. stdout and stderr go to the
 * console log. The guest is running when something listens on port 22 in its network namespace (read from
 * {@code /proc/<pid>/net/tcp}, no packet sent).
 */
public final class GuestRuntime {
    private final Path lib;
    private final Cgroups cgroups;

    public GuestRuntime(Path lib, Cgroups cgroups) {
        this.lib = lib;
        this.cgroups = cgroups;
    }

    public static Path consoleLog(Path instanceDir) {
        return instanceDir.resolve("console.log");
    }

    /** The read-only seed the guest's init reads at /run/haneul. */
    public void writeSeed(Path instanceDir, String instanceId, GuestSpec g) {
        Path seed = instanceDir.resolve("seed");
        try {
            Files.createDirectories(seed);
            Files.writeString(seed.resolve("instance-id"), instanceId + "\n");
            Files.writeString(seed.resolve("hostname"), g.hostname() + "\n");
            Files.writeString(seed.resolve("authorized_keys"), g.publicKey() == null ? "" : g.publicKey().strip()
                    + "\n");
            Files.writeString(seed.resolve("user-data"), g.userData() == null ? "" : g.userData());
            Files.copy(lib.resolve("init.py"), seed.resolve("init.py"),
                    StandardCopyOption.REPLACE_EXISTING);
            Exec.run("chmod", "-R", "a+rX", seed.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the seed of " + instanceId, e);
        }
    }

    /** Launches the guest; returns the host pid of the launcher (in the guest's network namespace). */
    public long launch(Path instanceDir, String instanceId, long uidBase, String hostname) {
        String chain = cgroups.joinScript(instanceId) + "exec nsenter --net=/run/netns/"
                + GuestNetwork.guestNamespace(instanceId) + " /usr/bin/python3 " + lib.resolve("userns-exec.py") + " "
                + uidBase + " " + LinuxSettings.UIDS_PER_GUEST + " unshare --mount --pid --fork --kill-child --uts"
                + " --ipc /bin/sh " + lib.resolve("stage1.sh") + " " + RootDisk.rootfs(instanceDir) + " "
                + instanceDir.resolve("seed") + " " + hostname;
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", chain)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog(instanceDir).toFile()))
                .redirectErrorStream(true);
        try {
            Files.writeString(consoleLog(instanceDir), "[haneul] " + Instant.now() + " starting " + instanceId + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return pb.start().pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + instanceId, e);
        }
    }

    /** Waits until sshd listens in the guest; fails with the console's tail if the guest dies or times out. */
    public void awaitSshd(Path instanceDir, long pid, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                throw new IllegalStateException("the guest exited during boot: " + tail(instanceDir));
            }
            if (listens(pid, 22)) {
                return;
            }
            try {
                Thread.sleep(20); // polling interval, not synchronisation: the deadline above bounds the wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for sshd");
            }
        }
        throw new IllegalStateException("sshd did not listen within " + timeout + ": " + tail(instanceDir));
    }

    /** Whether a TCP socket listens on {@code port} in the network namespace of {@code pid}. */
    public static boolean listens(long pid, int port) {
        String hexPort = String.format(":%04X ", port);
        for (String f : List.of("tcp", "tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", f))) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 3 && (cols[1] + " ").endsWith(hexPort) && cols[3].equals("0A")) {
                        return true;
                    }
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** Kills every process of the guest and waits until none is left. */
    public void kill(String instanceId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!cgroups.pids(instanceId).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("processes of " + instanceId + " survive SIGKILL: "
                        + cgroups.pids(instanceId));
            }
            cgroups.killAll(instanceId);
            try {
                Thread.sleep(10); // polling interval under the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static String console(Path instanceDir) {
        try {
            Path f = consoleLog(instanceDir);
            if (!Files.exists(f)) {
                return "";
            }
            String s = Files.readString(f);
            return s.length() > 64 * 1024 ? s.substring(s.length() - 64 * 1024) : s;
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path instanceDir) {
        String s = console(instanceDir);
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
