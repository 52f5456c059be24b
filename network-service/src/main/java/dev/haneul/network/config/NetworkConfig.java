package dev.haneul.network.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.ConfigMapping;

/** The network-service's own settings ({@code haneul.network.*}). */
@ConfigMapping(prefix = "haneul.network")
public interface NetworkConfig {

    /**
     * The IPv4 pool public addresses (auto-assigned and elastic) come from. The default is inside 198.18.0.0/15
     * (RFC 2544's benchmarking block, routed nowhere on the internet), which the host agent's real driver guards
     * with an unreachable route and maps onto guests for traffic from the host only; an operator with a routed
     * block sets that instead (docs/OPERATIONS.md).
     */
    @WithDefault("198.18.0.0/16")
    String publicIpPool();

    /** The default quotas ({@code haneul.network.quota.*}); EC2's defaults per account and region. */
    QuotaDefaults quota();

    interface QuotaDefaults {
        /** VPCs per account, the default VPC included (admin-overridable: {@code vpcs}). */
        @WithDefault("5")
        long vpcs();

        /** Internet gateways per account, the default VPC's included (overridable: {@code internetGateways}). */
        @WithDefault("5")
        long internetGateways();

        /** Elastic IPs per account (overridable: {@code elasticIps}). */
        @WithDefault("5")
        long elasticIps();

        /** Security groups per account, every VPC's default group included (overridable: {@code securityGroups}). */
        @WithDefault("2500")
        long securityGroups();

        /** Subnets per VPC (the default VPC's default subnets included). */
        @WithDefault("200")
        long subnetsPerVpc();

        /** Route tables per VPC (the main table included). */
        @WithDefault("200")
        long routeTablesPerVpc();

        /** Routes per route table (the local route included). */
        @WithDefault("50")
        long routesPerTable();
    }
}
