package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.UBUNTU;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.compute.launch.ClientTokenRetention;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code launch_request} is pruned (issue 17, defect 5): a client token older than the retention (7 days by
 * default) is deleted, a younger one kept, and a retry of the younger one still answers its first launch.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ClientTokenRetentionTest {
    @KafkaBootstrap
    String kafka;

    @Inject
    Pool pool;

    @Inject
    ClientTokenRetention retention;

    @Test
    void tokensOlderThanTheRetentionGoAndYoungerOnesStillAnswerTheirFirstLaunch() {
        SagaDriver d = new SagaDriver(kafka);
        Map<String, Object> old = launchBody();
        Map<String, Object> young = launchBody();
        String oldReservation = d.launch(old).statusCode(202).extract().path("reservationId");
        String youngReservation = d.launch(young).statusCode(202).extract().path("reservationId");
        age(d.account, old, "INTERVAL 8 DAY");
        age(d.account, young, "INTERVAL 6 DAY");

        long deleted = retention.prune().await().atMost(SagaDriver.WAIT);

        assertTrue(deleted >= 1, "at least this test's old token: " + deleted);
        assertEquals(0, rows(d.account, old), "the 8-day-old token's row");
        assertEquals(1, rows(d.account, young), "the 6-day-old token's row");
        d.launch(young).statusCode(202).body("reservationId", equalTo(youngReservation));
        // the forgotten token launches anew, as a new token would
        String again = d.launch(old).statusCode(202).extract().path("reservationId");
        assertNotEquals(oldReservation, again);
    }

    private static Map<String, Object> launchBody() {
        return Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "clientToken", UUID.randomUUID().toString());
    }

    private void age(String account, Map<String, Object> body, String interval) {
        pool.preparedQuery("UPDATE launch_request SET created_at = NOW(6) - " + interval
                + " WHERE account_id = ? AND client_token = ?").execute(Tuple.of(account, body.get("clientToken")))
                .await().atMost(SagaDriver.WAIT);
    }

    private long rows(String account, Map<String, Object> body) {
        return pool.preparedQuery("SELECT COUNT(*) FROM launch_request WHERE account_id = ? AND client_token = ?")
                .execute(Tuple.of(account, body.get("clientToken"))).await().atMost(SagaDriver.WAIT)
                .iterator().next().getLong(0);
    }
}
