package dev.haneul.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

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
}
