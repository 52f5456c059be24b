package dev.haneul.compute.audit;

import dev.haneul.compute.audit.api.AuditReportView;
import dev.haneul.compute.audit.api.AuditReportView.Finding;
import dev.haneul.compute.audit.api.AuditReportView.NotJudged;
import dev.haneul.compute.audit.api.AuditReportView.ServiceStatus;
import dev.haneul.compute.audit.api.ServiceAuditView.Holding;
import dev.haneul.compute.audit.api.ServiceAuditView.Violation;
import dev.haneul.compute.instance.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The audit's judgement, pure: the services' answers against compute-api's instance states. What each state
 * needs of each service is the table {@link #RULES}; a {@code terminated} instance, or one compute-api does not
 * know, may hold nothing anywhere. An instance in flight (pending, stopping, shutting down, or changed within the
 * in-flight window) is not judged. A missing piece is only judged of a service that answered in full; an orphan of
 * any service that answered.
 */
public final class AuditComparison {
    static final int MAX_NOT_JUDGED = 100;

    /** What a running or stopped instance needs of one kind of holding. */
    enum Need { REQUIRED, ALLOWED, FORBIDDEN }

    /** One line of the table: a service's kind of holding, and what each steady state needs of it. */
    record Rule(String service, String kind, Need running, Need stopped, String what) {
        Need of(InstanceState state) {
            return state == InstanceState.RUNNING ? running : stopped;
        }
    }

    /**
     * The saga's promises (docs/ARCHITECTURE.md): a running instance has an allocation, an interface, its volumes
     * and open usage; a stop frees the allocation, the auto-assigned public IP and the usage, and keeps the
     * interface (same private IP on the next start) and the volumes; an elastic IP stays associated.
     */
    static final List<Rule> RULES = List.of(
            new Rule("scheduler", "allocation", Need.REQUIRED, Need.FORBIDDEN, "allocation"),
            new Rule("network", "interface", Need.REQUIRED, Need.REQUIRED, "network interface"),
            new Rule("network", "public-ip/auto", Need.ALLOWED, Need.FORBIDDEN, "auto-assigned public IP"),
            new Rule("network", "public-ip/elastic", Need.ALLOWED, Need.ALLOWED, "elastic IP"),
            new Rule("volume", "volume", Need.REQUIRED, Need.ALLOWED, "attached volume"),
            new Rule("billing", "usage", Need.REQUIRED, Need.FORBIDDEN, "open usage record"));

    private AuditComparison() {
    }

    /**
     * @param instances         compute-api's instances: every running and stopped one it read, and every one a
     *                          service named
     * @param instancesComplete false when compute-api had more running and stopped instances than it read
     */
    public static AuditReportView compare(List<ServiceAnswer> answers, Map<String, InstanceFacts> instances,
            boolean instancesComplete, Instant now, Duration inFlight) {
        TreeSet<String> ids = new TreeSet<>();
        answers.forEach(a -> ids.addAll(a.holdings().keySet()));
        instances.values().stream().filter(i -> i.state() == InstanceState.RUNNING
                || i.state() == InstanceState.STOPPED).forEach(i -> ids.add(i.instanceId()));

        List<Finding> findings = new ArrayList<>();
        List<NotJudged> notJudged = new ArrayList<>();
        int notJudgedCount = 0;
        int judged = 0;
        Instant since = now.minus(inFlight);
        for (String id : ids) {
            InstanceFacts facts = instances.get(id);
            String reason = facts == null ? null : inFlight(facts, since);
            if (reason != null) {
                notJudgedCount++;
                if (notJudged.size() < MAX_NOT_JUDGED) {
                    notJudged.add(new NotJudged(id, facts.state().label(), reason));
                }
                continue;
            }
            judged++;
            for (ServiceAnswer a : answers) {
                if (a.answered()) {
                    judge(id, facts, a, findings);
                }
            }
        }
        for (ServiceAnswer a : answers) {
            for (Violation v : a.violations()) {
                findings.add(new Finding(v.code(), a.service(), v.subject(), null, v.detail()));
            }
        }
        List<ServiceStatus> services = answers.stream().map(a -> new ServiceStatus(a.service(), a.answered(),
                a.complete(), a.holdings().size(), a.error())).toList();
        boolean complete = instancesComplete && answers.stream().allMatch(ServiceAnswer::complete);
        String result = !findings.isEmpty() ? "inconsistent" : complete ? "consistent" : "incomplete";
        return new AuditReportView(result, now, inFlight.toSeconds(), judged, notJudgedCount, notJudged, services,
                findings);
    }

    /** Why the instance is not judged now, or null when it is. */
    private static String inFlight(InstanceFacts i, Instant since) {
        if (i.state() != InstanceState.RUNNING && i.state() != InstanceState.STOPPED
                && i.state() != InstanceState.TERMINATED) {
            return "in transition (" + i.state().label() + ")";
        }
        if (i.stateChangedAt() != null && i.stateChangedAt().isAfter(since)) {
            return "changed state at " + i.stateChangedAt() + ", within the in-flight window";
        }
        return null;
    }

    private static void judge(String id, InstanceFacts facts, ServiceAnswer a, List<Finding> findings) {
        List<Holding> holds = a.of(id);
        if (facts == null || facts.state() == InstanceState.TERMINATED) {
            String state = facts == null ? "unknown" : "terminated";
            for (Holding h : holds) {
                findings.add(new Finding("Orphan", a.service(), id, state, a.service() + " holds " + describe(h)
                        + (facts == null ? " for an instance compute-api does not know"
                                : " for a terminated instance")));
            }
            return;
        }
        String state = facts.state().label();
        for (Rule rule : RULES) {
            if (!rule.service().equals(a.service())) {
                continue;
            }
            List<Holding> mine = holds.stream().filter(h -> rule.kind().equals(kind(h))).toList();
            Need need = rule.of(facts.state());
            if (need == Need.REQUIRED && mine.isEmpty() && a.complete()) {
                findings.add(new Finding("Missing", a.service(), id, state, "the instance is " + state + " but "
                        + a.service() + " holds no " + rule.what() + " for it"));
            }
            if (need == Need.FORBIDDEN) {
                for (Holding h : mine) {
                    findings.add(new Finding("HeldWhileStopped", a.service(), id, state, "the instance is " + state
                            + " but " + a.service() + " still holds " + describe(h)));
                }
            }
        }
        mismatch(id, facts, a, holds, findings);
    }

    /** Where the instance is, as the scheduler and network-service hold it, against compute-api's record. */
    private static void mismatch(String id, InstanceFacts facts, ServiceAnswer a, List<Holding> holds,
            List<Finding> findings) {
        String kind = "scheduler".equals(a.service()) ? "allocation" : "network".equals(a.service()) ? "interface"
                : null;
        String expected = "allocation".equals(kind) ? facts.hostId() : facts.networkInterfaceId();
        if (kind == null || expected == null || facts.state() != InstanceState.RUNNING && "allocation".equals(kind)) {
            return;
        }
        for (Holding h : holds) {
            if (kind.equals(h.kind()) && !Objects.equals(expected, h.id())) {
                findings.add(new Finding("Mismatch", a.service(), id, facts.state().label(), a.service() + " holds "
                        + describe(h) + " but compute-api has the instance on " + expected));
            }
        }
    }

    /** A holding's kind for {@link #RULES}: a public IP's includes its kind ({@code public-ip/auto}). */
    private static String kind(Holding h) {
        return "public-ip".equals(h.kind()) ? "public-ip/" + h.detail() : h.kind();
    }

    private static String describe(Holding h) {
        return h.kind() + " " + h.id() + (h.detail() == null || h.detail().isBlank() ? "" : " (" + h.detail() + ")");
    }
}
