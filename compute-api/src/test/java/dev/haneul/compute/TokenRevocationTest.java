package dev.haneul.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A deactivated or deleted access key's tokens stop working before they expire (issue 17, defect 4): the key's
 * {@code AccessKeyRevoked} goes out on account-events, every service's kit keeps it in memory and refuses the
 * key's earlier tokens. Here the service is compute-api itself, reached over HTTP like any client.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class TokenRevocationTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static int status(String token) {
        return given().auth().oauth2(token).when().get("/v1/access-keys").then().extract().statusCode();
    }

    private static String[] secondKey(String token) {
        var r = given().auth().oauth2(token).contentType("application/json").body("{}")
                .when().post("/v1/access-keys").then().statusCode(201).extract();
        return new String[] { r.path("accessKeyId"), r.path("secretAccessKey") };
    }

    @Test
    void aDeactivatedKeysTokensAreRefusedAndANewTokenAfterReactivationWorks() {
        String[] acc = AccessKeysTest.newAccount();
        String first = AccessKeysTest.token(acc[1], acc[2]);
        String[] key = secondKey(first);
        String old = AccessKeysTest.token(key[0], key[1]);
        Awaitility.await().atMost(DEADLINE).until(() -> status(old) == 200);

        long t0 = System.nanoTime();
        given().auth().oauth2(first).contentType("application/json").body(Map.of("status", "Inactive"))
                .when().patch("/v1/access-keys/" + key[0]).then().statusCode(200);
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> status(old) == 401);
        System.out.printf("revocation effective after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        given().auth().oauth2(old).when().get("/v1/access-keys").then().statusCode(401)
                .body("code", equalTo("AuthFailure"));
        // control: the other key's token is untouched
        given().auth().oauth2(first).when().get("/v1/access-keys").then().statusCode(200);

        given().auth().oauth2(first).contentType("application/json").body(Map.of("status", "Active"))
                .when().patch("/v1/access-keys/" + key[0]).then().statusCode(200);
        // a token issued after the re-activation works (one issued in the revocation's own second would not)
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250))
                .until(() -> status(AccessKeysTest.token(key[0], key[1])) == 200);
        given().auth().oauth2(old).when().get("/v1/access-keys").then().statusCode(401);
    }

    @Test
    void aDeletedKeysTokensAreRefused() {
        String[] acc = AccessKeysTest.newAccount();
        String first = AccessKeysTest.token(acc[1], acc[2]);
        String[] key = secondKey(first);
        String old = AccessKeysTest.token(key[0], key[1]);
        Awaitility.await().atMost(DEADLINE).until(() -> status(old) == 200);
        given().auth().oauth2(first).when().delete("/v1/access-keys/" + key[0]).then().statusCode(200);
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> status(old) == 401);
        given().auth().oauth2(first).when().get("/v1/access-keys").then().statusCode(200);
    }
}
