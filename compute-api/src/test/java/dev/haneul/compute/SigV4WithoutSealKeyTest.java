package dev.haneul.compute;

import static dev.haneul.compute.SigV4VerificationTest.signed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without a seal key compute-api starts, stores no sealed copy of a new secret, still issues tokens for it, and
 * refuses to verify a signature made with it, saying why.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(SigV4WithoutSealKeyTest.NoSealKey.class)
class SigV4WithoutSealKeyTest {

    public static class NoSealKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the expression of application.properties, with the variable unset
            return Map.of("haneul.access-keys.seal-key", "${HANEUL_ACCESS_KEY_SEAL_KEY:}");
        }
    }

    @Inject
    Pool pool;

    @Test
    void aKeyMadeWithoutASealKeyHasNoSealedCopyAndItsSignaturesAreRefusedWithTheReason() {
        String[] acc = AccessKeysTest.newAccount();
        String sealed = pool.preparedQuery("SELECT sealed_secret FROM access_key WHERE access_key_id = ?")
                .execute(Tuple.of(acc[1])).await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
        assertNull(sealed);
        String token = AccessKeysTest.token(acc[1], acc[2]);
        given().auth().oauth2(token).when().get("/v1/instances").then().statusCode(200);

        SigV4VerificationTest.refused(signed(acc[1], acc[2]), SigV4VerificationTest.CREATED_BEFORE);
        SigV4VerificationTest.refused(signed("AKIAAAAAAAAAAAAAAAAA", acc[2]), SigV4VerificationTest.NOT_VALIDATED);
        // the bootstrap key, made at this start without a seal key, is not sealed either
        SigV4VerificationTest.verify(signed(SigV4VerificationTest.BOOTSTRAP_KEY, SigV4VerificationTest.BOOTSTRAP_SECRET))
                .statusCode(401).body("detail", equalTo(SigV4VerificationTest.CREATED_BEFORE));
    }
}
