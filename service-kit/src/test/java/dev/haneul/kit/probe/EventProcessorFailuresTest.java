package dev.haneul.kit.probe;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.haneul.events.Topics;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The kit's event processor on the real stack, for the two failures that are neither poison nor a passing blip: a
 * database that refuses the handler's statement for a reason that is not the event's (its table renamed away by a
 * second connection: MariaDB error 1146) is waited out, and the event is applied once the table is back, never
 * dead-lettered; a handler that never gets an answer in time is retried {@code haneul.messaging.timeout-retries} times
 * and then dead-lettered alone, instead of holding its partition for ever.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class EventProcessorFailuresTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @KafkaBootstrap
    String bootstrap;

    private static String instanceId(String prefix) {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return (prefix + HexFormat.of().formatHex(b)).substring(0, 19);
    }

    private static void publish(String instanceId) {
        given().auth().oauth2(TestTokens.user("444444444444")).contentType("application/json")
                .body("{\"instanceId\":\"" + instanceId + "\"}")
                .when().post("/v1/probe").then().statusCode(200);
    }

    @Test
    void aDatabaseRefusingTheStatementForAReasonNotTheEventsIsWaitedOutAndTheEventAppliedOnce() throws SQLException {
        String id = instanceId("i-0f");
        try (EventProbe dlq = new EventProbe(bootstrap, Topics.DEAD_LETTER); Connection dba = jdbc()) {
            try (Statement st = dba.createStatement()) {
                st.execute("RENAME TABLE probe_effect TO probe_effect_away");
            }
            try {
                publish(id);
                // more attempts than a fault of the event's own is given, or the event given up
                await().atMost(DEADLINE).until(() -> ProbeConsumer.attempts(id) >= 6 || deadLettered(dlq, id));
            } finally {
                try (Statement st = dba.createStatement()) {
                    st.execute("RENAME TABLE probe_effect_away TO probe_effect");
                }
            }
            await().atMost(DEADLINE).until(() -> timesApplied(id) == 1 || deadLettered(dlq, id));
            assertFalse(deadLettered(dlq, id), "the event is not dead-lettered");
            assertEquals(1, timesApplied(id));
        }
    }

    @Test
    void aTimeoutIsRetriedABoundedNumberOfTimesThenTheEventAloneIsDeadLettered() {
        int timeoutRetries = ConfigProvider.getConfig().getValue("haneul.messaging.timeout-retries", Integer.class);
        String id = instanceId(ProbeConsumer.TIMES_OUT);
        try (EventProbe dlq = new EventProbe(bootstrap, Topics.DEAD_LETTER)) {
            publish(id);
            dlq.awaitEvents(DEADLINE, es -> deadLettered(dlq, id));
        }
        assertEquals(1 + timeoutRetries, ProbeConsumer.attempts(id), "the first try and the bounded retries");
        assertEquals(0, timesApplied(id));
    }

    private static boolean deadLettered(EventProbe dlq, String instanceId) {
        dlq.awaitEvents(Duration.ofSeconds(5), es -> true);
        return dlq.records().stream().anyMatch(r -> r.value().contains("\"" + instanceId + "\""));
    }

    private static Connection jdbc() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    private static int timesApplied(String instanceId) {
        try {
            Object n = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery(
                            "SELECT COALESCE(MAX(times_applied), 0) FROM probe_effect WHERE instance_id = :id")
                            .setParameter("id", instanceId).getSingleResult())));
            return ((Number) n).intValue();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
