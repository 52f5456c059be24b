package dev.haneul.compute.audit.api;

import java.time.Instant;
import java.util.List;

/**
 * The consistency audit's answer. {@code result} is {@code consistent} (no finding, every service answered in
 * full), {@code inconsistent} (at least one finding) or {@code incomplete} (no finding, but a service did not
 * answer or had more instances than one audit reads: nothing can be said of what was not read).
 *
 * @param inFlightSeconds instances whose state changed this recently (or that are pending, stopping or shutting
 *                        down) are in flight in the saga and not judged; {@code notJudged} lists the first 100
 * @param judged          how many instances were judged
 */
public record AuditReportView(String result, Instant checkedAt, long inFlightSeconds, int judged,
        int notJudgedCount, List<NotJudged> notJudged, List<ServiceStatus> services, List<Finding> findings) {

    /** How one service answered: {@code complete} when every page was read; {@code error} when it did not answer. */
    public record ServiceStatus(String service, boolean answered, boolean complete, int instances, String error) {
    }

    /**
     * One disagreement. {@code code}: {@code Orphan} (a service holds something for an instance compute-api has
     * terminated or does not know), {@code Missing} (a running or stopped instance lacks what it needs),
     * {@code HeldWhileStopped}, {@code Mismatch} (the service and compute-api disagree on where it is), or the
     * code of a service's own invariant violation. {@code subject} is the instance id, or what the violation is
     * about; {@code state} is compute-api's state of the instance ({@code unknown} when it has none).
     */
    public record Finding(String code, String service, String subject, String state, String detail) {
    }

    /** An instance left out of this audit, and why. */
    public record NotJudged(String instanceId, String state, String reason) {
    }
}
