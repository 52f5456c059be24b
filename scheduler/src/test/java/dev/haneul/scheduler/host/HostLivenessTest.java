package dev.haneul.scheduler.host;

import static dev.haneul.scheduler.SchedulerFixtures.account;
import static dev.haneul.scheduler.SchedulerFixtures.allocation;
import static dev.haneul.scheduler.SchedulerFixtures.host;
import static dev.haneul.scheduler.SchedulerFixtures.instanceId;
import static dev.haneul.scheduler.SchedulerFixtures.publish;
import static dev.haneul.scheduler.SchedulerFixtures.request;
import static dev.haneul.scheduler.SchedulerFixtures.sql;
import static dev.haneul.scheduler.SchedulerFixtures.sqlLong;
import static dev.haneul.scheduler.SchedulerFixtures.terminatedOn;
import static dev.haneul.scheduler.SchedulerFixtures.zone;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostStatusChanged;
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.scheduler.jobs.Periodic;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Host liveness through the real broker and database: hosts whose heartbeats stop are marked down (once, even
 * with several checks racing), take no placements, release capacity on terminate, and come back up; admin
 * actions announce their status. A silent host is simulated by moving its {@code last_seen_at} into the past in
 * the database (the only thing the passing of the heartbeat window changes). A witness host in a zone of its own
 * heartbeats every second through the broker during each test, as the rest of a fleet does: the scheduler marks
 * a host down only while it hears other hosts.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HostLivenessTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @KafkaBootstrap
    String bootstrap;

    @Inject
    HostLiveness liveness;

    @Inject
    Vertx vertx;

    private final String admin = TestTokens.admin(account());
    private static final String WITNESS = "host-witness-kr-test-w";
    private ScheduledExecutorService witness;
    private volatile Instant lastBeat;

    @BeforeEach
    void theRestOfTheFleetHeartbeats() {
        registerAndAwait(WITNESS, "kr-test-w", 2, 4096);
        startWitness();
    }

    @AfterEach
    void stopTheWitness() throws InterruptedException {
        witness.shutdown();
        assertTrue(witness.awaitTermination(30, TimeUnit.SECONDS));
    }

    private void startWitness() {
        witness = Executors.newSingleThreadScheduledExecutor();
        witness.scheduleAtFixedRate(() -> {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            publish(bootstrap, new HostHeartbeat(WITNESS, at, "agent-test", List.of()));
            lastBeat = at;
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** Stops the witness once its last heartbeat is in the database (none is still on its way). */
    private void silenceTheWitness() throws InterruptedException {
        witness.shutdown();
        assertTrue(witness.awaitTermination(30, TimeUnit.SECONDS));
        Instant last = lastBeat;
        await().atMost(DEADLINE).until(() -> last.equals(Instant.parse(given().auth().oauth2(admin)
                .get("/v1/hosts/" + WITNESS).then().extract().path("lastSeenAt"))));
    }

    private void registerAndAwait(String hostId, String az, int vcpus, long memoryMib) {
        publish(bootstrap, host(hostId, az, vcpus, memoryMib));
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).get("/v1/hosts/" + hostId)
                .statusCode() == 200);
    }

    private static void silence(String hostId) {
        assertEquals(1, sql("UPDATE host SET last_seen_at = NOW(6) - INTERVAL 10 MINUTE WHERE host_id = ?", hostId));
    }

    private static List<HostStatusChanged> statuses(List<Envelope> events, String hostId) {
        return EventProbe.ofType(events, HostStatusChanged.class).stream().filter(s -> s.hostId().equals(hostId))
                .toList();
    }

    private static List<HostStatusChanged> awaitStatus(EventProbe probe, String hostId, String status, int count) {
        List<Envelope> events = probe.awaitEvents(DEADLINE, es -> statuses(es, hostId).stream()
                .filter(s -> s.status().equals(status)).count() >= count);
        return statuses(events, hostId);
    }

    @Test
    void aSilentHostIsMarkedDownOnceTakesNoPlacementsReleasesCapacityAndComesBack() {
        String az = zone();
        String hostId = "host-" + az + "-01";
        registerAndAwait(hostId, az, 8, 32768);
        String account = account();
        String held = instanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS, Topics.HOST_EVENTS)) {
            publish(bootstrap, request(account, held, az, "m5.large", 2, 8192));
            probe.awaitEvents(DEADLINE, es -> EventProbe.ofType(es, InstanceScheduled.class).stream()
                    .anyMatch(s -> s.instanceId().equals(held)));

            silence(hostId);
            HostStatusChanged down = awaitStatus(probe, hostId, "down", 1).get(0);
            assertEquals(az, down.availabilityZone());
            assertEquals(List.of(held), down.instanceIds());
            assertTrue(down.reason().startsWith("no heartbeat since"), down.reason());
            given().auth().oauth2(admin).get("/v1/hosts/" + hostId).then().statusCode(200)
                    .body("state", Matchers.equalTo("down"));

            // a down host takes nothing, even though it has room
            String refused = instanceId();
            publish(bootstrap, request(account, refused, az, "t3.micro", 1, 1024));
            List<Envelope> failed = probe.awaitEvents(DEADLINE, es -> EventProbe.ofType(es,
                    InstanceScheduleFailed.class).stream().anyMatch(f -> f.instanceId().equals(refused)));
            assertEquals("InsufficientInstanceCapacity", EventProbe.ofType(failed, InstanceScheduleFailed.class)
                    .stream().filter(f -> f.instanceId().equals(refused)).findFirst().orElseThrow().code());

            // recovery terminates (or stops) the instance with the dead host's id: its capacity comes back
            publish(bootstrap, terminatedOn(account, held, az, hostId));
            await().atMost(DEADLINE).until(() -> allocation(held) == null);
            given().auth().oauth2(admin).get("/v1/hosts/" + hostId).then().body("usedVcpus", Matchers.equalTo(0))
                    .body("instanceCount", Matchers.equalTo(0)).body("state", Matchers.equalTo("down"));

            // heartbeats resume: up again, and placements land on it
            publish(bootstrap, new HostHeartbeat(hostId, Instant.now(), "agent-test", List.of()));
            HostStatusChanged up = awaitStatus(probe, hostId, "up", 1).stream()
                    .filter(s -> s.status().equals("up")).findFirst().orElseThrow();
            assertEquals("heartbeats resumed", up.reason());
            assertEquals(List.of(), up.instanceIds());
            await().atMost(DEADLINE).until(() -> "available".equals(given().auth().oauth2(admin)
                    .get("/v1/hosts/" + hostId).then().extract().path("state")));
            String placed = instanceId();
            publish(bootstrap, request(account, placed, az, "t3.micro", 1, 1024));
            List<Envelope> ok = probe.awaitEvents(DEADLINE, es -> EventProbe.ofType(es, InstanceScheduled.class)
                    .stream().anyMatch(s -> s.instanceId().equals(placed)));
            assertEquals(hostId, EventProbe.ofType(ok, InstanceScheduled.class).stream()
                    .filter(s -> s.instanceId().equals(placed)).findFirst().orElseThrow().hostId());

            assertEquals(List.of("down", "up"), statuses(probe.events(), hostId).stream()
                    .map(HostStatusChanged::status).toList());
        }
    }

    @Test
    void racingChecksMarkEachHostDownExactlyOnce() throws Exception {
        String az = zone();
        List<String> hostIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String hostId = String.format("host-%s-%02d", az, i);
            hostIds.add(hostId);
            publish(bootstrap, host(hostId, az, 8, 32768));
        }
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).queryParam("availabilityZone", az)
                .get("/v1/hosts").then().extract().jsonPath().getList("hosts").size() == 20);
        try (EventProbe probe = new EventProbe(bootstrap, Topics.HOST_EVENTS)) {
            hostIds.forEach(HostLivenessTest::silence);
            // two replicas' checks at the same instant (and the application's own periodic one)
            CompletableFuture<Integer> a = Periodic.onSafeContext(vertx, liveness::check).subscribeAsCompletionStage();
            CompletableFuture<Integer> b = Periodic.onSafeContext(vertx, liveness::check).subscribeAsCompletionStage();
            a.get();
            b.get();
            List<Envelope> events = probe.awaitEvents(DEADLINE, es -> hostIds.stream()
                    .allMatch(h -> !statuses(es, h).isEmpty()));
            for (String h : hostIds) {
                assertEquals(List.of("down"), statuses(events, h).stream().map(HostStatusChanged::status).toList(), h);
            }
            // another check finds nothing left to mark down
            assertEquals(0, Periodic.onSafeContext(vertx, liveness::check).subscribeAsCompletionStage().get()
                    - upCount(probe, hostIds));
        }
    }

    @Test
    void aSchedulerThatHearsNoHostAtAllMarksNoneDownUntilItHearsTheFleetAgain() throws Exception {
        String az = zone();
        String hostId = "host-" + az + "-01";
        registerAndAwait(hostId, az, 8, 32768);
        try (EventProbe probe = new EventProbe(bootstrap, Topics.HOST_EVENTS)) {
            // the scheduler is cut off from the fleet: no heartbeat from any host within half the window
            silenceTheWitness();
            sql("UPDATE host SET last_seen_at = LEAST(last_seen_at, NOW(6) - INTERVAL 10 MINUTE)");
            for (int i = 0; i < 3; i++) {
                assertEquals(0, Periodic.onSafeContext(vertx, liveness::check).subscribeAsCompletionStage().get());
            }
            assertEquals(0L, sqlLong("SELECT COUNT(*) FROM host WHERE host_id = ? AND marked_down", hostId));
            assertEquals(List.of(), statuses(probe.events(), hostId));

            // the rest of the fleet is heard again: the silent host is the one that is gone
            startWitness();
            HostStatusChanged down = awaitStatus(probe, hostId, "down", 1).get(0);
            assertEquals("down", down.status());
            assertEquals(1L, sqlLong("SELECT COUNT(*) FROM host WHERE host_id = ? AND marked_down", hostId));
        }
    }

    private static int upCount(EventProbe probe, List<String> hostIds) {
        return (int) hostIds.stream().flatMap(h -> statuses(probe.events(), h).stream())
                .filter(s -> s.status().equals("up")).count();
    }

    @Test
    void adminActionsAnnounceTheHostsStatusOncePerChange() {
        String az = zone();
        String hostId = "host-" + az + "-01";
        registerAndAwait(hostId, az, 8, 32768);
        try (EventProbe probe = new EventProbe(bootstrap, Topics.HOST_EVENTS)) {
            given().auth().oauth2(admin).post("/v1/hosts/" + hostId + "/disable").then().statusCode(200);
            given().auth().oauth2(admin).post("/v1/hosts/" + hostId + "/disable").then().statusCode(200)
                    .body("state", Matchers.equalTo("disabled"));
            given().auth().oauth2(admin).post("/v1/hosts/" + hostId + "/drain").then().statusCode(200);
            given().auth().oauth2(admin).post("/v1/hosts/" + hostId + "/enable").then().statusCode(200)
                    .body("state", Matchers.equalTo("available"));
            List<HostStatusChanged> s = awaitStatus(probe, hostId, "up", 1);
            assertEquals(List.of("disabled", "draining", "up"), s.stream().map(HostStatusChanged::status).toList());
            assertEquals("disabled by an administrator", s.get(0).reason());
            assertEquals(az, s.get(0).availabilityZone());
        }
        given().auth().oauth2(admin).post("/v1/hosts/host-nowhere/drain").then().statusCode(404)
                .body("code", Matchers.equalTo("InvalidHostID.NotFound"));
    }

    @Test
    void heartbeatsOfManyHostsAreWrittenInBatches() {
        String az = zone();
        List<String> hostIds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            hostIds.add(String.format("host-%s-%02d", az, i));
            publish(bootstrap, host(hostIds.get(i), az, 8, 32768));
        }
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).queryParam("availabilityZone", az)
                .get("/v1/hosts").then().extract().jsonPath().getList("hosts").size() == 30);
        Instant later = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        hostIds.forEach(h -> publish(bootstrap, new HostHeartbeat(h, later, "agent-test", List.of())));
        // an older heartbeat arriving late never moves last-seen back
        publish(bootstrap, new HostHeartbeat(hostIds.get(0), later.minusSeconds(60), "agent-test", List.of()));
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).queryParam("availabilityZone", az)
                .get("/v1/hosts").then().extract().jsonPath().getList("hosts.lastSeenAt", String.class).stream()
                .allMatch(t -> Instant.parse(t).equals(later)));
    }
}
