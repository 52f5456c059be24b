package dev.haneul.network.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The network-service's own settings ({@code haneul.network.*}). */
@ConfigMapping(prefix = "haneul.network")
public interface NetworkConfig {

    /** The IPv4 pool public addresses (auto-assigned and elastic) come from. */
    @WithDefault("203.0.113.0/24")
    String publicIpPool();

    /** How many elastic IPs an account may hold at once (EC2's default quota: 5). */
    @WithDefault("5")
    int elasticIpLimit();
}
