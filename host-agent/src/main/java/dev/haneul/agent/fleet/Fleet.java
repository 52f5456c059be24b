package dev.haneul.agent.fleet;

import dev.haneul.agent.config.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The hosts this agent owns, derived deterministically from configuration: {@code host-<agent>-<az>-<nn>},
 * spread over the racks of each availability zone. Plain data, so 10,000+ hosts cost a few megabytes.
 */
@ApplicationScoped
public class Fleet {
    private final Map<String, HostSpec> hosts;

    public Fleet(AgentConfig config, @ConfigProperty(name = "haneul.availability-zones") List<String> zones) {
        this.hosts = Collections.unmodifiableMap(build(config.id(), zones, config.hostsPerAz(),
                config.host().racksPerAz()));
    }

    /** The fleet's hosts, in a stable order. */
    public static Map<String, HostSpec> build(String agentId, List<String> zones, int hostsPerAz, int racksPerAz) {
        Map<String, HostSpec> out = new LinkedHashMap<>();
        int width = Math.max(2, String.valueOf(hostsPerAz).length());
        int racks = Math.max(1, racksPerAz);
        for (String az : zones) {
            for (int n = 1; n <= hostsPerAz; n++) {
                String id = "host-%s-%s-%0" + width + "d";
                String hostId = String.format(id, agentId, az, n);
                String rack = az + "-rack-" + (1 + (n - 1) % racks);
                out.put(hostId, new HostSpec(hostId, az, rack));
            }
        }
        return out;
    }

    public boolean owns(String hostId) {
        return hosts.containsKey(hostId);
    }

    public List<HostSpec> hosts() {
        return new ArrayList<>(hosts.values());
    }

    public int size() {
        return hosts.size();
    }
}
