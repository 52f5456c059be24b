package dev.haneul.agent.driver.linux;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.haneul.agent.driver.BootSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One directory per instance under {@code <stateDir>/instances}: its {@code spec.json} (the boot spec and its
 * slot, replaced atomically), root volume, mounts, seed and console log. The slot (lowest free number, kept across
 * stop/start) gives the guest its host uid range and its bridge port name.
 */
final class InstanceFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What is kept per instance besides the root volume. */
    record Instance(BootSpec spec, int slot) {
    }

    private final Path root;

    InstanceFiles(Path root) {
        this.root = root;
    }

    Path dir(String instanceId) {
        return root.resolve(instanceId);
    }

    /** Records the spec and gives the instance a slot, the same one it had if it had one. */
    synchronized Instance allocate(BootSpec spec) {
        Instance old = read(spec.instanceId());
        int slot;
        if (old != null) {
            slot = old.slot();
        } else {
            Set<Integer> used = new HashSet<>();
            if (Files.isDirectory(root)) {
                try (Stream<Path> dirs = Files.list(root)) {
                    dirs.forEach(d -> {
                        Instance i = read(d.getFileName().toString());
                        if (i != null) {
                            used.add(i.slot());
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            slot = 0;
            while (used.contains(slot)) {
                slot++;
            }
        }
        Instance inst = new Instance(spec, slot);
        write(inst);
        return inst;
    }

    Instance read(String instanceId) {
        Path f = dir(instanceId).resolve("spec.json");
        if (!Files.exists(f)) {
            return null;
        }
        try {
            return JSON.readValue(f.toFile(), Instance.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    void write(Instance inst) {
        Path dir = dir(inst.spec().instanceId());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("spec.json.tmp");
            JSON.writeValue(tmp.toFile(), inst);
            Files.move(tmp, dir.resolve("spec.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spec of " + inst.spec().instanceId(), e);
        }
    }
}
