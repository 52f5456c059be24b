package dev.haneul.network.quota;

import dev.haneul.network.config.NetworkConfig;
import java.util.function.ToLongFunction;

/**
 * The per-account quotas network-service enforces: the key of {@code AccountQuotasChanged.quotas}, the column of
 * {@code account_quota} holding the override, EC2's error code, and what counts against it.
 */
public enum Quota {
    VPCS("vpcs", "vpcs", "VpcLimitExceeded", "VPCs",
            "SELECT COUNT(*) FROM vpc WHERE account_id = :a", NetworkConfig.QuotaDefaults::vpcs),
    INTERNET_GATEWAYS("internetGateways", "internet_gateways", "InternetGatewayLimitExceeded", "internet gateways",
            "SELECT COUNT(*) FROM internet_gateway WHERE account_id = :a", NetworkConfig.QuotaDefaults::internetGateways),
    ELASTIC_IPS("elasticIps", "elastic_ips", "AddressLimitExceeded", "addresses",
            "SELECT COUNT(*) FROM public_ip WHERE account_id = :a AND kind = 'elastic'",
            NetworkConfig.QuotaDefaults::elasticIps),
    SECURITY_GROUPS("securityGroups", "security_groups", "SecurityGroupLimitExceeded", "security groups",
            "SELECT COUNT(*) FROM security_group WHERE account_id = :a", NetworkConfig.QuotaDefaults::securityGroups);

    /** The key in the admin's override map. */
    public final String key;
    final String column;
    final String code;
    final String what;
    final String usageSql;
    final ToLongFunction<NetworkConfig.QuotaDefaults> defaultLimit;

    Quota(String key, String column, String code, String what, String usageSql,
            ToLongFunction<NetworkConfig.QuotaDefaults> defaultLimit) {
        this.key = key;
        this.column = column;
        this.code = code;
        this.what = what;
        this.usageSql = usageSql;
        this.defaultLimit = defaultLimit;
    }
}
