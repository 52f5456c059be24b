package dev.haneul.compute.catalog;

import dev.haneul.compute.config.ComputeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instance types Haneul offers: real EC2 families and sizes (t2/t3 burstable, m5 general, c5 compute,
 * r5 memory, i3 storage, g4dn and p3 GPU) with their vCPUs, memory, GPUs and local storage, plus any types an
 * operator adds in configuration ({@code haneul.instance-types.extra."x1.large"=vcpus:memoryMib[:gpus]}).
 */
@ApplicationScoped
public class InstanceTypeCatalog {
    private final Map<String, InstanceType> types = new LinkedHashMap<>();

    public InstanceTypeCatalog(ComputeConfig config) {
        builtIn().forEach(t -> types.put(t.instanceType(), t));
        config.instanceTypes().extra().forEach((name, spec) -> {
            InstanceType t = parseExtra(name, spec);
            types.put(t.instanceType(), t);
        });
    }

    public Optional<InstanceType> find(String name) {
        return Optional.ofNullable(name).map(types::get);
    }

    public List<InstanceType> all() {
        List<InstanceType> list = new ArrayList<>(types.values());
        list.sort(Comparator.comparing(InstanceType::family).thenComparingInt(InstanceType::vcpus)
                .thenComparingLong(InstanceType::memoryMib));
        return Collections.unmodifiableList(list);
    }

    static InstanceType parseExtra(String name, String spec) {
        String[] p = spec.split(":");
        if (!name.matches("[a-z][a-z0-9-]*\\.[a-z0-9]+") || p.length < 2) {
            throw new IllegalArgumentException("instance type " + name + ": expected vcpus:memoryMib[:gpus], got "
                    + spec);
        }
        String family = name.substring(0, name.indexOf('.'));
        return new InstanceType(name, family, Integer.parseInt(p[0]), Long.parseLong(p[1]),
                p.length > 2 ? Integer.parseInt(p[2]) : 0, null, 0, "Up to 10 Gigabit", family.startsWith("t"),
                "x86_64");
    }

    private static List<InstanceType> builtIn() {
        List<InstanceType> l = new ArrayList<>();
        String[] sizes = { "nano", "micro", "small", "medium", "large", "xlarge", "2xlarge" };
        int[] t2Cpu = { 1, 1, 1, 2, 2, 4, 8 };
        int[] t3Cpu = { 2, 2, 2, 2, 2, 4, 8 };
        long[] tMem = { 512, 1024, 2048, 4096, 8192, 16384, 32768 };
        for (int i = 0; i < sizes.length; i++) {
            l.add(new InstanceType("t2." + sizes[i], "t2", t2Cpu[i], tMem[i], 0, null, 0, "Low to Moderate", true,
                    "x86_64"));
            l.add(new InstanceType("t3." + sizes[i], "t3", t3Cpu[i], tMem[i], 0, null, 0, "Up to 5 Gigabit", true,
                    "x86_64"));
        }
        String[] big = { "large", "xlarge", "2xlarge", "4xlarge" };
        int[] cpu = { 2, 4, 8, 16 };
        for (int i = 0; i < big.length; i++) {
            l.add(general("m5." + big[i], "m5", cpu[i], cpu[i] * 4096L));
            l.add(general("c5." + big[i], "c5", cpu[i], cpu[i] * 2048L));
            l.add(general("r5." + big[i], "r5", cpu[i], cpu[i] * 8192L));
            l.add(new InstanceType("i3." + big[i], "i3", cpu[i], cpu[i] * 7808L, 0, null, 475 << i,
                    i < 3 ? "Up to 10 Gigabit" : "Up to 10 Gigabit", false, "x86_64"));
        }
        l.add(new InstanceType("g4dn.xlarge", "g4dn", 4, 16384, 1, "NVIDIA T4", 125, "Up to 25 Gigabit", false,
                "x86_64"));
        l.add(new InstanceType("g4dn.2xlarge", "g4dn", 8, 32768, 1, "NVIDIA T4", 225, "Up to 25 Gigabit", false,
                "x86_64"));
        l.add(new InstanceType("g4dn.4xlarge", "g4dn", 16, 65536, 1, "NVIDIA T4", 225, "Up to 25 Gigabit", false,
                "x86_64"));
        l.add(new InstanceType("p3.2xlarge", "p3", 8, 62464, 1, "NVIDIA V100", 0, "Up to 10 Gigabit", false,
                "x86_64"));
        l.add(new InstanceType("p3.8xlarge", "p3", 32, 249856, 4, "NVIDIA V100", 0, "10 Gigabit", false, "x86_64"));
        return l;
    }

    private static InstanceType general(String name, String family, int vcpus, long memoryMib) {
        return new InstanceType(name, family, vcpus, memoryMib, 0, null, 0, "Up to 10 Gigabit", false, "x86_64");
    }
}
