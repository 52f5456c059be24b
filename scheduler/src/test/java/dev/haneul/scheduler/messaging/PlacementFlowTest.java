package dev.haneul.scheduler.messaging;

import static dev.haneul.scheduler.SchedulerFixtures.account;
import static dev.haneul.scheduler.SchedulerFixtures.allocation;
import static dev.haneul.scheduler.SchedulerFixtures.host;
import static dev.haneul.scheduler.SchedulerFixtures.instanceId;
import static dev.haneul.scheduler.SchedulerFixtures.jdbc;
import static dev.haneul.scheduler.SchedulerFixtures.publish;
import static dev.haneul.scheduler.SchedulerFixtures.request;
import static dev.haneul.scheduler.SchedulerFixtures.terminated;
import static dev.haneul.scheduler.SchedulerFixtures.zone;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.instance.InstanceEvent;
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.scheduler.placement.Allocation;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class PlacementFlowTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @KafkaBootstrap
    String bootstrap;

    private final String admin = TestTokens.admin(account());

    private void registerAndAwait(String hostId, String az, int vcpus, long memoryMib) {
        publish(bootstrap, host(hostId, az, vcpus, memoryMib));
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).get("/v1/hosts/" + hostId)
                .statusCode() == 200);
    }

    private int usedVcpus(String hostId) {
        return given().auth().oauth2(admin).get("/v1/hosts/" + hostId).then().statusCode(200)
                .extract().path("usedVcpus");
    }

    private static <T extends InstanceEvent> T awaitOne(EventProbe probe, Class<T> type, String instanceId) {
        Predicate<T> mine = e -> e.instanceId().equals(instanceId);
        List<Envelope> events = probe.awaitEvents(DEADLINE, es -> EventProbe.ofType(es, type).stream().anyMatch(mine));
        return EventProbe.ofType(events, type).stream().filter(mine).findFirst().orElseThrow();
    }

    @Test
    void requestIsScheduledOnAHostOfTheRequestedZoneAndTheAllocationIsRecorded() {
        String az = zone();
        String other = zone();
        String hostA = "host-" + az + "-01";
        registerAndAwait(hostA, az, 32, 131072);
        registerAndAwait("host-" + other + "-01", other, 32, 131072);
        String account = account();
        String id = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, request(account, id, az, "m5.large", 2, 8192));
            InstanceScheduled s = awaitOne(probe, InstanceScheduled.class, id);
            assertEquals(hostA, s.hostId());
            assertEquals(az, s.availabilityZone());
            assertEquals(account, s.accountId());
            assertEquals(2, s.vcpus());
        }
        Allocation a = allocation(id);
        assertNotNull(a);
        assertEquals(hostA, a.hostId);
        assertEquals(8192, a.memoryMib);
        given().auth().oauth2(admin).get("/v1/hosts/" + hostA).then().statusCode(200)
                .body("usedVcpus", Matchers.equalTo(2))
                .body("freeVcpus", Matchers.equalTo(30))
                .body("usedMemoryMib", Matchers.equalTo(8192))
                .body("instanceCount", Matchers.equalTo(1));
    }

    @Test
    void exhaustedCapacityFailsWithEc2sMessageAndTerminationFreesIt() {
        String az = zone();
        String hostId = "host-" + az + "-01";
        registerAndAwait(hostId, az, 4, 16384);
        String account = account();
        String first = instanceId();
        String second = instanceId();
        String third = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, request(account, first, az, "m5.xlarge", 4, 16384));
            awaitOne(probe, InstanceScheduled.class, first);
            publish(bootstrap, request(account, second, az, "m5.large", 2, 8192));
            InstanceScheduleFailed f = awaitOne(probe, InstanceScheduleFailed.class, second);
            assertEquals("InsufficientInstanceCapacity", f.code());
            assertEquals("We currently do not have sufficient m5.large capacity in the Availability Zone you "
                    + "requested (" + az + "). Our system will be working on provisioning additional capacity. "
                    + "You can currently get m5.large capacity by not specifying an Availability Zone in your "
                    + "request or choosing kr-central-1a, kr-central-1b, kr-central-1c.", f.message());
            assertNull(allocation(second));

            publish(bootstrap, terminated(account, first, az));
            await().atMost(DEADLINE).until(() -> usedVcpus(hostId) == 0);
            assertNull(allocation(first));

            publish(bootstrap, request(account, third, az, "m5.large", 2, 8192));
            assertEquals(hostId, awaitOne(probe, InstanceScheduled.class, third).hostId());
        }
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        String az = zone();
        String hostId = "host-" + az + "-01";
        registerAndAwait(hostId, az, 32, 131072);
        String account = account();
        String id = instanceId();
        String sentinel = instanceId();
        EventCodec.Encoded once = EventCodec.encode("compute-api", request(account, id, az, "c5.large", 2, 4096));
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, id, once.json());
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, id, once.json());
            // a later event on the same key: once it is handled, both copies above were seen
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, id, EventCodec.encode("compute-api",
                    request(account, sentinel, az, "c5.xlarge", 4, 8192)).json());
            awaitOne(probe, InstanceScheduled.class, sentinel);
            awaitOne(probe, InstanceScheduled.class, id);
            List<Envelope> events = probe.events();
            assertEquals(1, EventProbe.ofType(events, InstanceScheduled.class).stream()
                    .filter(s -> s.instanceId().equals(id)).count());
        }
        assertEquals(6, usedVcpus(hostId));
        assertHostHoldsExactly(hostId, id, sentinel);

        // a second, distinct terminate of the same instance releases nothing more. A later request on the same
        // key: once it is placed, both terminates were handled. The host still holds other allocations then, so a
        // double release shows in its usage (at zero, the release's GREATEST(…, 0) would hide it)
        String marker = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, terminated(account, id, az));
            publish(bootstrap, terminated(account, id, az));
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, id, EventCodec.encode("compute-api",
                    request(account, marker, az, "t3.micro", 1, 1024)).json());
            assertEquals(hostId, awaitOne(probe, InstanceScheduled.class, marker).hostId());
        }
        assertNull(allocation(id));
        assertHostHoldsExactly(hostId, sentinel, marker);
        assertEquals(5, usedVcpus(hostId));

        publish(bootstrap, terminated(account, sentinel, az));
        await().atMost(DEADLINE).until(() -> allocation(sentinel) == null);
        assertHostHoldsExactly(hostId, marker);
        assertEquals(1, usedVcpus(hostId));
    }

    @Test
    void aRepeatedRequestOfThePlacedAttemptIsAnsweredAgainWithTheSameHostAndNoSecondClaim() {
        // compute-api's step deadline publishes the request again (a new event) when the first answer was lost
        String az = zone();
        String hostId = "host-" + az + "-01";
        registerAndAwait(hostId, az, 32, 131072);
        String account = account();
        String id = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, request(account, id, az, "c5.large", 2, 4096));
            awaitOne(probe, InstanceScheduled.class, id);
            publish(bootstrap, request(account, id, az, "c5.large", 2, 4096));
            List<InstanceScheduled> answers = EventProbe.ofType(probe.awaitEvents(DEADLINE, es -> EventProbe
                    .ofType(es, InstanceScheduled.class).stream().filter(x -> x.instanceId().equals(id)).count() == 2),
                    InstanceScheduled.class).stream().filter(x -> x.instanceId().equals(id)).toList();
            assertEquals(List.of(hostId, hostId), answers.stream().map(InstanceScheduled::hostId).toList());
            assertEquals(az, answers.get(1).availabilityZone());
            assertEquals(0, answers.get(1).attempt());
        }
        assertHostHoldsExactly(hostId, id);
        assertEquals(2, usedVcpus(hostId));
    }

    /**
     * The host's allocation rows are exactly {@code instanceIds}, and its usage (vCPUs, memory, GPUs, instance count)
     * is what those rows add up to: a capacity released twice, or never, shows here.
     */
    private static void assertHostHoldsExactly(String hostId, String... instanceIds) {
        try (Connection c = jdbc()) {
            Set<String> held = new HashSet<>();
            try (PreparedStatement st = c.prepareStatement("SELECT instance_id FROM allocation WHERE host_id = ?")) {
                st.setString(1, hostId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        held.add(rs.getString(1));
                    }
                }
            }
            assertEquals(Set.of(instanceIds), held, "the allocations on " + hostId);
            try (PreparedStatement st = c.prepareStatement("SELECT h.used_vcpus, h.used_memory_mib, h.used_gpus,"
                    + " h.instance_count, COALESCE(SUM(a.vcpus), 0), COALESCE(SUM(a.memory_mib), 0),"
                    + " COALESCE(SUM(a.gpus), 0), COUNT(a.instance_id) FROM host h"
                    + " LEFT JOIN allocation a ON a.host_id = h.host_id WHERE h.host_id = ?"
                    + " GROUP BY h.used_vcpus, h.used_memory_mib, h.used_gpus, h.instance_count")) {
                st.setString(1, hostId);
                try (ResultSet rs = st.executeQuery()) {
                    assertTrue(rs.next(), "no host " + hostId);
                    assertEquals(List.of(rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)),
                            List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                            "the usage of " + hostId + " (vCPUs, MiB, GPUs, instances) is its allocations' sum");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPoisonMessageInABatchIsDeadLetteredAloneAndTheRequestsAroundItArePlaced() {
        String az = zone();
        String hostId = "host-" + az + "-01";
        registerAndAwait(hostId, az, 32, 131072);
        String account = account();
        String before = instanceId();
        String after = instanceId();
        String garbage = "{not a cloud event " + instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS);
                EventProbe dlq = new EventProbe(bootstrap, Topics.DEAD_LETTER)) {
            // one key, so the three records are one partition's, in this order, and most likely one poll
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, before, EventCodec.encode("compute-api",
                    request(account, before, az, "m5.large", 2, 8192)).json());
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, before, garbage);
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, before, EventCodec.encode("compute-api",
                    request(account, after, az, "m5.large", 2, 8192)).json());
            assertEquals(hostId, awaitOne(probe, InstanceScheduled.class, before).hostId());
            assertEquals(hostId, awaitOne(probe, InstanceScheduled.class, after).hostId());
            dlq.awaitEvents(DEADLINE, es -> dlq.records().stream().anyMatch(r -> r.value().equals(garbage)));
            assertEquals(1, dlq.records().stream().filter(r -> r.value().equals(garbage)).count());
            assertTrue(dlq.records().stream().noneMatch(r -> r.value().contains(before) || r.value().contains(after)),
                    "only the poison message is dead-lettered");
        }
        assertEquals(4, usedVcpus(hostId));
    }

    @Test
    void capacityIsNeverOverCommittedUnderABurstOfRequests() {
        String az = zone();
        registerAndAwait("host-" + az + "-01", az, 8, 65536);
        registerAndAwait("host-" + az + "-02", az, 8, 65536);
        String account = account();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(instanceId());
        }
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            ids.forEach(id -> publish(bootstrap, request(account, id, az, "t3.micro", 1, 1024)));
            List<Envelope> events = probe.awaitEvents(DEADLINE, es -> ids.stream().allMatch(id ->
                    es.stream().anyMatch(e -> e.subject().equals(id) && (e.data() instanceof InstanceScheduled
                            || e.data() instanceof InstanceScheduleFailed))));
            long scheduled = EventProbe.ofType(events, InstanceScheduled.class).stream()
                    .filter(s -> ids.contains(s.instanceId())).count();
            long failed = EventProbe.ofType(events, InstanceScheduleFailed.class).stream()
                    .filter(s -> ids.contains(s.instanceId())).count();
            assertEquals(16, scheduled);
            assertEquals(4, failed);
        }
        assertEquals(8, usedVcpus("host-" + az + "-01"));
        assertEquals(8, usedVcpus("host-" + az + "-02"));
        assertTrue(ids.stream().filter(id -> allocation(id) != null).count() == 16);
    }

    @Test
    void aDisabledHostTakesNoInstancesUntilEnabled() {
        String az = zone();
        String hostId = "host-" + az + "-01";
        registerAndAwait(hostId, az, 32, 131072);
        given().auth().oauth2(admin).post("/v1/hosts/" + hostId + "/disable").then().statusCode(200)
                .body("state", Matchers.equalTo("disabled"));
        String account = account();
        String refused = instanceId();
        String placed = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, request(account, refused, az, "m5.large", 2, 8192));
            awaitOne(probe, InstanceScheduleFailed.class, refused);
            given().auth().oauth2(admin).post("/v1/hosts/" + hostId + "/drain").then().statusCode(200)
                    .body("state", Matchers.equalTo("draining"));
            given().auth().oauth2(admin).post("/v1/hosts/" + hostId + "/enable").then().statusCode(200)
                    .body("state", Matchers.equalTo("available"));
            publish(bootstrap, request(account, placed, az, "m5.large", 2, 8192));
            assertEquals(hostId, awaitOne(probe, InstanceScheduled.class, placed).hostId());
        }
        given().auth().oauth2(admin).post("/v1/hosts/host-nowhere/disable").then().statusCode(404)
                .body("code", Matchers.equalTo("InvalidHostID.NotFound"));
    }


    @Test
    void theAuditReleasesAnAllocationItsHostNoLongerReports() {
        String az = zone();
        String hostId = "host-" + az + "-01";
        registerAndAwait(hostId, az, 32, 131072);
        String account = account();
        String lost = instanceId();
        String kept = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, request(account, lost, az, "m5.large", 2, 8192));
            publish(bootstrap, request(account, kept, az, "m5.xlarge", 4, 16384));
            awaitOne(probe, InstanceScheduled.class, lost);
            awaitOne(probe, InstanceScheduled.class, kept);
        }
        // a heartbeat within the grace period releases nothing, even though neither instance is reported yet
        publish(bootstrap, new HostHeartbeat(hostId, Instant.now(), "agent-test", List.of()));
        // one well past the grace period that reports only one of them: the other one no longer exists
        publish(bootstrap, new HostHeartbeat(hostId, Instant.now().plus(Duration.ofMinutes(11)), "agent-test",
                List.of(kept)));
        await().atMost(DEADLINE).until(() -> allocation(lost) == null);
        assertNotNull(allocation(kept));
        assertEquals(4, usedVcpus(hostId));
        assertHostHoldsExactly(hostId, kept);
    }
}
