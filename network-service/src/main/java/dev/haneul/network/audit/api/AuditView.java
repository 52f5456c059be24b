package dev.haneul.network.audit.api;

import java.util.List;

/**
 * network-service's answer to {@code GET /v1/admin/audit}: one page of the instances it holds an interface for (in
 * instance id order), and on the first page its own invariants' violations (at most {@code 100}).
 */
public record AuditView(String service, List<InstanceHoldings> instances, List<Violation> violations,
        String nextToken) {

    /** What network-service holds for one instance. */
    public record InstanceHoldings(String instanceId, List<Holding> holds) {
    }

    /**
     * One thing held: {@code kind} {@code interface} ({@code id} the interface's) or {@code public-ip} ({@code id}
     * the address, {@code detail} its kind: {@code auto} or {@code elastic}).
     */
    public record Holding(String kind, String id, String detail) {
    }

    /** A broken invariant: an EC2-style {@code code}, what it is about and what is wrong. */
    public record Violation(String code, String subject, String detail) {
    }
}
