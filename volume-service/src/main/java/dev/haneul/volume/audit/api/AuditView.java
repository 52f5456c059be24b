package dev.haneul.volume.audit.api;

import java.util.List;

/**
 * volume-service's answer to {@code GET /v1/admin/audit}: one page of the instances it has volumes attached to (in
 * instance id order), and on the first page its own invariants' violations (at most {@code 100}).
 */
public record AuditView(String service, List<InstanceHoldings> instances, List<Violation> violations,
        String nextToken) {

    /** What volume-service holds for one instance. */
    public record InstanceHoldings(String instanceId, List<Holding> holds) {
    }

    /** One thing held: {@code kind} {@code volume}, {@code id} the volume, {@code detail} for people. */
    public record Holding(String kind, String id, String detail) {
    }

    /** A broken invariant: an EC2-style {@code code}, what it is about and what is wrong. */
    public record Violation(String code, String subject, String detail) {
    }
}
