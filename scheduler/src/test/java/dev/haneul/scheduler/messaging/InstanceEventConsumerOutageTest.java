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

import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's {@code instance-events} consumer through a database outage, on the real stack: a second connection
 * holds {@code LOCK TABLES host WRITE}, so every statement of the scheduler on the host table waits, and the test
 * kills the connections that wait (as a failover or an operator's {@code KILL} would): each of them fails with a real
 * MariaDB error. After a few rounds the lock is released. Every record must then be processed, and only the one record
 * that is itself poison may be in the dead-letter topic. Each test has an availability zone of its own, which no view
 * of the fleet has read yet, so the first statement of a batch's placement is the read of that zone's hosts.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class InstanceEventConsumerOutageTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String WAITING = "Waiting for table metadata lock";

    @KafkaBootstrap
    String bootstrap;

    private final String admin = TestTokens.admin(account());

    private void registerAndAwait(String hostId, String az) {
        publish(bootstrap, host(hostId, az, 64, 262144));
        await().atMost(DEADLINE).until(() -> given().auth().oauth2(admin).get("/v1/hosts/" + hostId)
                .statusCode() == 200);
    }

    private int usedVcpus(String hostId) {
        return given().auth().oauth2(admin).get("/v1/hosts/" + hostId).then().statusCode(200)
                .extract().path("usedVcpus");
    }

    private static String json(HaneulEvent event) {
        return EventCodec.encode("compute-api", event).json();
    }

    @Test
    void aBatchOfRequestsAndReleasesWaitsOutTheDatabaseAndOnlyThePoisonRecordIsDeadLettered() throws SQLException {
        String az = zone();
        String hostId = "host-" + az + "-01";
        registerAndAwait(hostId, az);
        String other = zone();
        String otherHost = "host-" + other + "-01";
        registerAndAwait(otherHost, other);
        String account = account();
        String earlier = instanceId();   // placed before the outage, terminated during it: its capacity must come back
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, request(account, earlier, other, "m5.large", 2, 8192));
            probe.awaitEvents(DEADLINE, es -> EventProbe.ofType(es, InstanceScheduled.class).stream()
                    .anyMatch(s -> s.instanceId().equals(earlier)));
        }
        List<String> requested = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requested.add(instanceId());
        }
        String shortLived = instanceId();   // requested and terminated in the same batch
        String garbage = "{not a cloud event " + instanceId();
        Set<String> ours = new HashSet<>(requested);
        ours.add(shortLived);
        ours.add(earlier);

        try (EventProbe dlq = new EventProbe(bootstrap, Topics.DEAD_LETTER);
                Connection locker = jdbc(); Connection observer = jdbc()) {
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLES host WRITE");
            }
            try {
                // one key: one partition, in this order, and most likely one poll
                List<String> records = new ArrayList<>();
                records.add(json(request(account, requested.get(0), az, "m5.large", 2, 8192)));
                records.add(garbage);
                for (String id : requested.subList(1, requested.size())) {
                    records.add(json(request(account, id, az, "m5.large", 2, 8192)));
                }
                records.add(json(request(account, shortLived, az, "m5.large", 2, 8192)));
                records.add(json(terminated(account, shortLived, az)));
                records.add(json(terminated(account, earlier, other)));
                EventProbe.sendAll(bootstrap, Topics.INSTANCE_EVENTS, requested.get(0), records);

                // the placement of the batch reads the zone's hosts and waits on the lock: kill it, then whatever
                // waits next (its retry, or anything else of the scheduler), for a few rounds
                for (int round = 0; round < 4 && deadLettered(dlq, ours).isEmpty(); round++) {
                    boolean placementOnly = round == 0;
                    await().atMost(DEADLINE).until(() -> !waiters(observer, placementOnly).isEmpty()
                            || !deadLettered(dlq, ours).isEmpty());
                    for (long id : waiters(observer, placementOnly)) {
                        kill(observer, id);
                    }
                }
            } finally {
                try (Statement st = locker.createStatement()) {
                    st.execute("UNLOCK TABLES");
                }
            }

            await().atMost(DEADLINE).until(() -> !deadLettered(dlq, ours).isEmpty()
                    || requested.stream().allMatch(id -> allocation(id) != null)
                    && allocation(shortLived) == null && allocation(earlier) == null);
            assertEquals(Set.of(), deadLettered(dlq, ours), "no record but the poison one is dead-lettered");
            for (String id : requested) {
                assertNotNull(allocation(id), id + " is placed");
            }
            assertNull(allocation(shortLived));
            assertNull(allocation(earlier));
            assertEquals(40, usedVcpus(hostId), "twenty placed, the short-lived one released");
            assertEquals(0, usedVcpus(otherHost), "the terminated instance's capacity is back");
            dlq.awaitEvents(DEADLINE, es -> dlq.records().stream().anyMatch(r -> r.value().equals(garbage)));
            assertEquals(1, dlq.records().stream().filter(r -> r.value().equals(garbage)).count(),
                    "the poison record is dead-lettered, once");
        }
    }

    /** The instances of {@code ours} whose events are in the dead-letter topic (polled now). */
    private static Set<String> deadLettered(EventProbe dlq, Set<String> ours) {
        dlq.awaitEvents(Duration.ofSeconds(5), es -> true);
        Set<String> out = new HashSet<>();
        for (ConsumerRecord<String, String> r : dlq.records()) {
            if (r.value().startsWith("{not a cloud event")) {
                continue;
            }
            ours.stream().filter(r.value()::contains).forEach(out::add);
        }
        return out;
    }

    /**
     * The connections of the scheduler that wait for the lock on the host table; with {@code placementOnly}, only
     * those reading hosts for a placement (the statements that select a zone's hosts, or the rows that changed).
     */
    private static List<Long> waiters(Connection observer, boolean placementOnly) throws SQLException {
        String sql = "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()"
                + " AND STATE = '" + WAITING + "'" + (placementOnly ? " AND INFO LIKE '%availability_zone%'" : "");
        try (Statement st = observer.createStatement(); var rs = st.executeQuery(sql)) {
            List<Long> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            return ids;
        }
    }

    private static void kill(Connection observer, long id) throws SQLException {
        try (Statement st = observer.createStatement()) {
            st.execute("KILL CONNECTION " + id);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1094) {   // unknown thread: it ended in between
                throw e;
            }
        }
    }
}
