package dev.haneul.compute.audit.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One page of another service's {@code GET /v1/admin/audit}, as every audited service answers it: the instances
 * it holds something for, with what, and (on the first page) its own invariants' violations.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceAuditView(String service, List<Held> instances, List<Violation> violations, String nextToken) {

    /** What the service holds for one instance. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Held(String instanceId, List<Holding> holds) {
    }

    /**
     * One thing held: {@code kind} is {@code allocation} (id: the host), {@code interface}, {@code public-ip}
     * (detail: {@code auto} or {@code elastic}), {@code volume} or {@code usage} (an open meter).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Holding(String kind, String id, String detail) {
    }

    /** A broken invariant the service found in its own data. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Violation(String code, String subject, String detail) {
    }
}
