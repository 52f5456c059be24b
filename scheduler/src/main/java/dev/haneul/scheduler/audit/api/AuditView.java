package dev.haneul.scheduler.audit.api;

import java.util.List;

/**
 * The scheduler's answer to {@code GET /v1/admin/audit}: one page of the instances it holds capacity for (in
 * instance id order), and on the first page its own invariants' violations (at most {@code 100}).
 */
public record AuditView(String service, List<InstanceHoldings> instances, List<Violation> violations,
        String nextToken) {

    /** What the scheduler holds for one instance. */
    public record InstanceHoldings(String instanceId, List<Holding> holds) {
    }

    /** One thing held: {@code kind} {@code allocation}, {@code id} the host, {@code detail} for people. */
    public record Holding(String kind, String id, String detail) {
    }

    /** A broken invariant: an EC2-style {@code code}, what it is about and what is wrong. */
    public record Violation(String code, String subject, String detail) {
    }
}
