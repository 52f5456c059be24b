package dev.haneul.agent.driver.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One cgroup per guest, {@code haneul/<instance id>}: CPU quota = vCPUs × period, memory limit = memoryMib, on
 * cgroup v2 where the machine mounts it at {@code /sys/fs/cgroup} with the cpu and memory controllers, otherwise
 * on the v1 {@code cpu}, {@code memory} and {@code pids} hierarchies.
 */
public final class Cgroups {
    private static final long PERIOD_US = 100_000;
    private final Path root;

    public Cgroups(Path root) {
        this.root = root;
    }

    public boolean v2() {
        return Files.exists(root.resolve("cgroup.controllers"));
    }

    /** The directories of the instance's cgroup (one on v2, one per controller on v1). */
    public List<Path> dirs(String instanceId) {
        if (v2()) {
            return List.of(root.resolve("haneul").resolve(instanceId));
        }
        return List.of("cpu", "memory", "pids").stream()
                .map(c -> root.resolve(c).resolve("haneul").resolve(instanceId)).toList();
    }

    /** Creates the cgroup with the limits; idempotent (the limits are written again). */
    public void create(String instanceId, int vcpus, long memoryMib) {
        long quota = vcpus * PERIOD_US;
        long bytes = memoryMib * 1024 * 1024;
        if (v2()) {
            write(root.resolve("cgroup.subtree_control"), "+cpu +memory +pids");
            Path haneul = root.resolve("haneul");
            mkdir(haneul);
            write(haneul.resolve("cgroup.subtree_control"), "+cpu +memory +pids");
            Path d = haneul.resolve(instanceId);
            mkdir(d);
            write(d.resolve("cpu.max"), quota + " " + PERIOD_US);
            write(d.resolve("memory.max"), Long.toString(bytes));
            write(d.resolve("memory.swap.max"), "0");
            return;
        }
        for (Path d : dirs(instanceId)) {
            mkdir(d);
        }
        Path cpu = dirs(instanceId).get(0);
        write(cpu.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
        write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        write(dirs(instanceId).get(1).resolve("memory.limit_in_bytes"), Long.toString(bytes));
    }

    /** Shell commands that put the calling shell ({@code $$}) into the instance's cgroup. */
    public String joinScript(String instanceId) {
        StringBuilder sb = new StringBuilder();
        for (Path d : dirs(instanceId)) {
            sb.append("echo $$ > ").append(d.resolve("cgroup.procs")).append(" && ");
        }
        return sb.toString();
    }

    /** Host pids of every process in the instance's cgroup. */
    public List<Long> pids(String instanceId) {
        List<Long> out = new ArrayList<>();
        Path procs = dirs(instanceId).get(v2() ? 0 : 1).resolve("cgroup.procs");
        if (!Files.exists(procs)) {
            return out;
        }
        try {
            for (String l : Files.readAllLines(procs)) {
                if (!l.isBlank()) {
                    out.add(Long.parseLong(l.strip()));
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** SIGKILLs every process of the instance (repeat until {@link #pids} is empty). */
    public void killAll(String instanceId) {
        for (long pid : pids(instanceId)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Removes the (empty) cgroup directories; parents shared by all guests stay. */
    public void remove(String instanceId) {
        for (Path d : dirs(instanceId)) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove cgroup " + d + " (processes left?)", e);
            }
            try {
                Files.deleteIfExists(d.getParent()); // the shared haneul/ level, once its last guest is gone
            } catch (IOException e) {
                // still holds other guests
            }
        }
    }

    /** Memory the instance uses now (page cache included), -1 if unknown. */
    public long memoryUsageBytes(String instanceId) {
        Path f = v2() ? dirs(instanceId).get(0).resolve("memory.current")
                : dirs(instanceId).get(1).resolve("memory.usage_in_bytes");
        try {
            return Long.parseLong(Files.readString(f).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void mkdir(Path d) {
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cgroup " + d, e);
        }
    }

    private static void write(Path f, String value) {
        try {
            Files.writeString(f, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value + " to " + f, e);
        }
    }
}
