package dev.haneul.scheduler.messaging;

import static dev.haneul.scheduler.SchedulerFixtures.account;
import static dev.haneul.scheduler.SchedulerFixtures.host;
import static dev.haneul.scheduler.SchedulerFixtures.jdbc;
import static dev.haneul.scheduler.SchedulerFixtures.zone;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's {@code host-events} consumer while its database refuses every statement on the host table with a
 * real MariaDB error (the table renamed away by a second connection: error 1146, a refusal that says nothing about the
 * records): the registrations wait, and once the table is back every host is registered; only the poison record of the
 * batch is in the dead-letter topic.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HostEventConsumerOutageTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @KafkaBootstrap
    String bootstrap;
    @Inject
    MeterRegistry meters;

    private final String admin = TestTokens.admin(account());

    @Test
    void registrationsWaitOutADatabaseThatRefusesThemAndOnlyThePoisonRecordIsDeadLettered() throws SQLException {
        String az = zone();
        List<String> hostIds = new ArrayList<>();
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            String hostId = "host-" + az + "-" + i;
            hostIds.add(hostId);
            records.add(EventCodec.encode("host-agent", host(hostId, az, 32, 131072)).json());
        }
        String garbage = "{not a cloud event " + az;
        records.add(5, garbage);
        double retriesBefore = outageRetries();

        try (EventProbe dlq = new EventProbe(bootstrap, Topics.DEAD_LETTER); Connection dba = jdbc()) {
            try (Statement st = dba.createStatement()) {
                st.execute("RENAME TABLE host TO host_away");
            }
            try {
                EventProbe.sendAll(bootstrap, Topics.HOST_EVENTS, hostIds.get(0), records);
                // the consumer has met the error (and waits it out), or has given the records up
                await().atMost(DEADLINE).until(() -> outageRetries() > retriesBefore
                        || !deadLettered(dlq, hostIds).isEmpty());
            } finally {
                try (Statement st = dba.createStatement()) {
                    st.execute("RENAME TABLE host_away TO host");
                }
            }
            await().atMost(DEADLINE).until(() -> !deadLettered(dlq, hostIds).isEmpty()
                    || hostIds.stream().allMatch(this::registered));
            assertEquals(List.of(), deadLettered(dlq, hostIds), "no registration is dead-lettered");
            dlq.awaitEvents(DEADLINE, es -> dlq.records().stream().anyMatch(r -> r.value().equals(garbage)));
            assertEquals(1, dlq.records().stream().filter(r -> r.value().equals(garbage)).count());
        }
    }

    private boolean registered(String hostId) {
        return given().auth().oauth2(admin).get("/v1/hosts/" + hostId).statusCode() == 200;
    }

    private double outageRetries() {
        Counter c = meters.find("haneul.consumer.retries").tag("consumer", HostEventConsumer.CONSUMER)
                .tag("kind", "outage").counter();
        return c == null ? 0 : c.count();
    }

    private static List<String> deadLettered(EventProbe dlq, List<String> hostIds) {
        dlq.awaitEvents(Duration.ofSeconds(5), es -> true);
        return dlq.records().stream().filter(r -> !r.value().startsWith("{not a cloud event"))
                .flatMap(r -> hostIds.stream().filter(h -> r.value().contains("\"" + h + "\"")))
                .distinct().collect(Collectors.toList());
    }
}
