package dev.haneul.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The simulated fleet this agent runs: how many hosts per availability zone, their shape and timings. */
@ConfigMapping(prefix = "haneul.agent")
public interface AgentConfig {

    /** The agent's id (env {@code HANEUL_AGENT_ID}); also its Kafka consumer group and part of its host ids. */
    @WithDefault("agent-1")
    String id();

    /** Hosts per availability zone (env {@code HANEUL_AGENT_HOSTS_PER_AZ}). */
    @WithDefault("4")
    int hostsPerAz();

    /** How long a simulated boot takes (env {@code HANEUL_AGENT_BOOT_DELAY}). */
    @WithDefault("300ms")
    Duration bootDelay();

    /** How often every host heartbeats (one batch for the whole fleet). */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /** How often every host is registered again (besides at start). */
    @WithDefault("60s")
    Duration registerInterval();

    /** Where the simulated machines are kept, so they survive an agent crash. */
    String stateFile();

    /** The driver: {@code simulated} (default) or {@code linux}, real guests (env {@code HANEUL_AGENT_DRIVER}). */
    @WithDefault("simulated")
    String driver();

    /** The linux driver's places and limits. */
    Linux linux();

    /** Every host's shape. */
    Shape host();

    /** The shape shared by every simulated host. */
    interface Shape {
        @WithDefault("32")
        int vcpus();

        @WithDefault("131072")
        long memoryMib();

        @WithDefault("2000")
        long diskGib();

        @WithDefault("0")
        int gpus();

        @WithDefault("none")
        String gpuModel();

        @WithDefault("t2,t3,m5,c5,r5,i3")
        List<String> families();

        @WithDefault("1.0")
        BigDecimal cpuOvercommit();

        @WithDefault("1.0")
        BigDecimal memoryOvercommit();

        @WithDefault("2")
        int racksPerAz();
    }

    /** Where the linux driver keeps guests and images, and what it guards. */
    interface Linux {
        @WithDefault("/var/lib/haneul")
        String stateDir();

        @WithDefault("/var/cache/haneul/images")
        String imageDir();

        /** Debian mirror for debootstrap; default: the one this machine's apt uses. */
        Optional<String> debianMirror();

        @WithDefault("100000")
        long uidBase();

        /**
         * Ranges given an {@code unreachable} route in the host namespace before any guest address exists (every
         * VPC CIDR and every public IP must lie inside one). Not 10.0.0.0/8: machines like this one use 10.255.x.x
         * for DNS. 198.18.0.0/15 holds network-service's default public pool.
         */
        @WithDefault("10.0.0.0/9,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,198.18.0.0/15")
        List<String> unreachableRoutes();

        @WithDefault("60s")
        Duration bootTimeout();

        /**
         * The zone's block store, shared with volume-service ({@code haneul.volume.block-store}): one file per data
         * volume. Unset: data volumes cannot be attached to this host's guests.
         */
        Optional<String> blockStore();

        /**
         * Which image ids boot which root filesystem, {@code <image id>=<name>}; only {@code debian-12} can be
         * built here (the catalogue's Debian image). A launch of any other image fails with that reason.
         */
        @WithDefault("ami-0a1b2c3d4e5f60003=debian-12")
        List<String> images();
    }
}
