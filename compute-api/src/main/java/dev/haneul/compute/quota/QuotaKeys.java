package dev.haneul.compute.quota;

import dev.haneul.compute.config.ComputeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quota keys an admin may override ({@code PUT /v1/accounts/{id}/quotas}) and their defaults. compute-api
 * enforces {@code vcpus} and {@code keyPairs} (defaults from its configuration); the others are enforced by
 * network-service and volume-service, which receive the overrides in {@code AccountQuotasChanged}; the defaults
 * shown here for them are EC2's, as those services ship them.
 */
public final class QuotaKeys {
    public static final String VCPUS = "vcpus";
    public static final String KEY_PAIRS = "keyPairs";
    public static final List<String> VOLUME_TYPES = List.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");

    private QuotaKeys() {
    }

    /** Every known key with its default, in a stable order. */
    public static Map<String, Long> defaults(ComputeConfig config) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(VCPUS, (long) config.quotas().vcpus());
        m.put(KEY_PAIRS, (long) config.quotas().keyPairs());
        m.put("elasticIps", 5L);
        m.put("vpcs", 5L);
        m.put("internetGateways", 5L);
        m.put("securityGroups", 2500L);
        for (String t : VOLUME_TYPES) {
            m.put("volumeGiB." + t, 51_200L);
        }
        m.put("snapshots", 100_000L);
        return m;
    }
}
