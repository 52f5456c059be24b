package dev.haneul.compute.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.compute.audit.api.AuditReportView;
import dev.haneul.compute.audit.api.AuditReportView.Finding;
import dev.haneul.compute.audit.api.ServiceAuditView.Holding;
import dev.haneul.compute.audit.api.ServiceAuditView.Violation;
import dev.haneul.compute.instance.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit's judgement of the services' answers against compute-api's states, without HTTP. */
class AuditComparisonTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Instant LONG_AGO = NOW.minusSeconds(3600);
    static final Duration WINDOW = Duration.ofSeconds(60);

    static final String RUNNING = "i-00000000000000001";
    static final String STOPPED = "i-00000000000000002";

    static InstanceFacts facts(String id, InstanceState state, Instant changed) {
        return new InstanceFacts(id, state, changed, state == InstanceState.RUNNING ? "host-1" : null, "eni-" + id);
    }

    static Holding allocation(String host) {
        return new Holding("allocation", host, "2 vCPUs");
    }

    static Holding eni(String id) {
        return new Holding("interface", "eni-" + id, "private IP 10.0.0.9");
    }

    /** What every service answers when the running instance and the stopped one are as they should be. */
    static Map<String, Map<String, List<Holding>>> healthy() {
        Map<String, Map<String, List<Holding>>> m = new HashMap<>();
        m.put("scheduler", new HashMap<>(Map.of(RUNNING, List.of(allocation("host-1")))));
        m.put("network", new HashMap<>(Map.of(RUNNING, List.of(eni(RUNNING), new Holding("public-ip", "198.18.0.4",
                "auto")), STOPPED, List.of(eni(STOPPED), new Holding("public-ip", "198.18.0.5", "elastic")))));
        m.put("volume", new HashMap<>(Map.of(RUNNING, List.of(new Holding("volume", "vol-1", "/dev/sda1 attached")),
                STOPPED, List.of(new Holding("volume", "vol-2", "/dev/sda1 attached")))));
        m.put("billing", new HashMap<>(Map.of(RUNNING, List.of(new Holding("usage", "m-1", "since")))));
        return m;
    }

    static List<ServiceAnswer> answers(Map<String, Map<String, List<Holding>>> held) {
        return held.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new ServiceAnswer(e.getKey(), true, true, null, e.getValue(), List.of())).toList();
    }

    static Map<String, InstanceFacts> instances(InstanceFacts... facts) {
        Map<String, InstanceFacts> m = new HashMap<>();
        for (InstanceFacts f : facts) {
            m.put(f.instanceId(), f);
        }
        return m;
    }

    static Map<String, InstanceFacts> steady() {
        return instances(facts(RUNNING, InstanceState.RUNNING, LONG_AGO), facts(STOPPED, InstanceState.STOPPED,
                LONG_AGO));
    }

    static AuditReportView compare(List<ServiceAnswer> answers, Map<String, InstanceFacts> instances) {
        return AuditComparison.compare(answers, instances, true, NOW, WINDOW);
    }

    static List<String> codes(AuditReportView r) {
        return r.findings().stream().map(f -> f.code() + " " + f.service() + " " + f.subject()).toList();
    }

    @Test
    void servicesThatHoldWhatTheStatesNeedAreConsistent() {
        AuditReportView r = compare(answers(healthy()), steady());
        assertEquals(List.of(), r.findings());
        assertEquals("consistent", r.result());
        assertEquals(2, r.judged());
        assertEquals(0, r.notJudgedCount());
    }

    @Test
    void whatIsHeldForAnUnknownOrTerminatedInstanceIsAnOrphan() {
        var held = healthy();
        String unknown = "i-0000000000000000a";
        String terminated = "i-0000000000000000b";
        held.get("scheduler").put(unknown, List.of(allocation("host-2")));
        held.get("volume").put(terminated, List.of(new Holding("volume", "vol-9", "/dev/sdf attached")));
        var instances = steady();
        instances.put(terminated, facts(terminated, InstanceState.TERMINATED, LONG_AGO));
        AuditReportView r = compare(answers(held), instances);
        assertEquals("inconsistent", r.result());
        assertEquals(List.of("Orphan scheduler " + unknown, "Orphan volume " + terminated), codes(r));
        Finding f = r.findings().get(0);
        assertEquals("unknown", f.state());
        assertEquals("scheduler holds allocation host-2 (2 vCPUs) for an instance compute-api does not know",
                f.detail());
        assertEquals("terminated", r.findings().get(1).state());
    }

    @Test
    void aRunningInstanceWithoutItsPiecesIsMissingThemAndAStoppedOneHoldingCapacityIsReported() {
        var held = healthy();
        held.get("billing").remove(RUNNING);
        held.get("network").put(RUNNING, List.of(eni(RUNNING)));
        held.get("scheduler").put(STOPPED, List.of(allocation("host-3")));
        held.get("network").put(STOPPED, List.of(eni(STOPPED), new Holding("public-ip", "198.18.0.7", "auto")));
        AuditReportView r = compare(answers(held), steady());
        assertEquals(List.of("Missing billing " + RUNNING, "HeldWhileStopped network " + STOPPED,
                "HeldWhileStopped scheduler " + STOPPED), codes(r));
        assertEquals("the instance is running but billing holds no open usage record for it",
                r.findings().get(0).detail());
    }

    @Test
    void aStoppedInstanceMustKeepItsInterfaceAndARunningOneMustBeWhereComputeApiHasIt() {
        var held = healthy();
        held.get("network").remove(STOPPED);
        held.get("scheduler").put(RUNNING, List.of(allocation("host-9")));
        AuditReportView r = compare(answers(held), steady());
        assertEquals(List.of("Mismatch scheduler " + RUNNING, "Missing network " + STOPPED), codes(r));
        assertTrue(r.findings().get(0).detail().endsWith("compute-api has the instance on host-1"));
    }

    @Test
    void instancesInFlightAreNotJudged() {
        var held = healthy();
        String pending = "i-0000000000000000c";
        String justTerminated = "i-0000000000000000d";
        held.get("scheduler").put(pending, List.of(allocation("host-1")));
        held.get("scheduler").put(justTerminated, List.of(allocation("host-1")));
        held.get("billing").remove(RUNNING);
        var instances = instances(facts(RUNNING, InstanceState.RUNNING, NOW.minusSeconds(10)),
                facts(STOPPED, InstanceState.STOPPED, LONG_AGO), facts(pending, InstanceState.PENDING, LONG_AGO),
                facts(justTerminated, InstanceState.TERMINATED, NOW.minusSeconds(59)));
        AuditReportView r = compare(answers(held), instances);
        assertEquals(List.of(), r.findings());
        assertEquals(3, r.notJudgedCount());
        assertEquals(1, r.judged());
        assertEquals(List.of(RUNNING, pending, justTerminated),
                r.notJudged().stream().map(AuditReportView.NotJudged::instanceId).toList());
        assertEquals("in transition (pending)", r.notJudged().get(1).reason());

        AuditReportView later = AuditComparison.compare(answers(held), instances, true, NOW.plusSeconds(60), WINDOW);
        assertEquals(List.of("Missing billing " + RUNNING, "Orphan scheduler " + justTerminated), codes(later));
    }

    @Test
    void aServiceThatDidNotAnswerMakesTheAuditIncompleteAndJudgesNoMissingPieceOfIt() {
        List<ServiceAnswer> answers = answers(healthy()).stream().map(a -> "billing".equals(a.service())
                ? ServiceAnswer.unanswered("billing", "billing did not answer") : a).toList();
        AuditReportView r = compare(answers, steady());
        assertEquals(List.of(), r.findings());
        assertEquals("incomplete", r.result());
        var billing = r.services().stream().filter(s -> "billing".equals(s.service())).findFirst().orElseThrow();
        assertEquals(false, billing.answered());
        assertEquals("billing did not answer", billing.error());

        List<ServiceAnswer> partial = answers(healthy()).stream().map(a -> "billing".equals(a.service())
                ? new ServiceAnswer("billing", true, false, null, Map.of(), List.of()) : a).toList();
        assertEquals("incomplete", compare(partial, steady()).result(), "a partial answer judges nothing missing");
        assertEquals("incomplete", AuditComparison.compare(answers(healthy()), steady(), false, NOW, WINDOW).result());
    }

    @Test
    void aServicesOwnViolationIsAFinding() {
        List<ServiceAnswer> answers = answers(healthy()).stream().map(a -> "scheduler".equals(a.service())
                ? new ServiceAnswer("scheduler", true, true, null, a.holdings(),
                        List.of(new Violation("HostUsageMismatch", "host-1", "4 vCPUs used, allocations 2")))
                : a).toList();
        AuditReportView r = compare(answers, steady());
        assertEquals("inconsistent", r.result());
        assertEquals(List.of("HostUsageMismatch scheduler host-1"), codes(r));
    }
}
