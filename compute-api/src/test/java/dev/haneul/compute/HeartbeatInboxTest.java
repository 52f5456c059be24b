package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.UBUNTU;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.InstanceBooted;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Host heartbeats reach the status checks without a consumed-event row each (issue 17, defect 5): applying one
 * twice is harmless, and at 10,000 hosts a row each would be about 1,000 a second. Other host events are still
 * recorded.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HeartbeatInboxTest {
    private static final String CONSUMER = "compute-api.host-events";

    @KafkaBootstrap
    String kafka;

    @Inject
    Pool pool;

    @Test
    void heartbeatsSetTheStatusChecksAndLeaveNoInboxRow() {
        SagaDriver d = new SagaDriver(kafka);
        String host = "host-hb-" + UUID.randomUUID().toString().substring(0, 8);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        d.run(id, 0, host, null);

        List<String> heartbeats = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            heartbeats.add(publish(new HostHeartbeat(host, Instant.now(), "agent-1", List.of(id))));
        }
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> "ok".equals(ConnectAndStatusTest.statusOf(d, id)));
        // the last one no longer lists the instance; on its (one) partition it is applied after the five
        heartbeats.add(publish(new HostHeartbeat(host, Instant.now(), "agent-1", List.of())));
        Awaitility.await().atMost(SagaDriver.WAIT)
                .until(() -> "impaired".equals(ConnectAndStatusTest.statusOf(d, id)));

        assertEquals(0, consumed(heartbeats), "consumed-event rows of the heartbeats");
        // any other host event still leaves its row (a repeated boot report, which the saga ignores)
        String booted = publish(new InstanceBooted(host, Instant.now(), id, 0, "again"));
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> consumed(List.of(booted)) == 1);
    }

    private String publish(HaneulEvent event) {
        EventCodec.Encoded e = EventCodec.encode(UUID.randomUUID().toString(), "host-agent", event, Instant.now());
        EventProbe.send(kafka, e.topic(), e.key(), e.json());
        return e.id();
    }

    private long consumed(List<String> eventIds) {
        List<Object> args = new ArrayList<>(List.of(CONSUMER));
        args.addAll(eventIds);
        return pool.preparedQuery("SELECT COUNT(*) FROM consumed_event WHERE consumer = ? AND event_id IN ("
                + String.join(",", eventIds.stream().map(x -> "?").toList()) + ")")
                .execute(Tuple.from(args))
                .await().atMost(SagaDriver.WAIT).iterator().next().getLong(0);
    }
}
