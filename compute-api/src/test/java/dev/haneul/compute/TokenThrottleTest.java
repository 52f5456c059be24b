package dev.haneul.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint (issue 17, defect 3): throttled per source address and per access key id before any hash,
 * and an unknown key id costs the same hash as a known one. Sources are set with {@code X-Real-IP}, which the
 * test's peer (127.0.0.1, a trusted proxy like the gateway) may do; each run takes fresh ones.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(TokenThrottleTest.SmallBuckets.class)
class TokenThrottleTest {
    private static final int PER_KEY = 5;
    private static final int PER_SOURCE = 8;

    /** Small buckets that do not refill while a test runs (one token in 1,000 s), so the counts are exact. */
    public static class SmallBuckets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("haneul.tokens.per-key-capacity", String.valueOf(PER_KEY),
                    "haneul.tokens.per-key-refill-per-second", "0.001",
                    "haneul.tokens.per-source-capacity", String.valueOf(PER_SOURCE),
                    "haneul.tokens.per-source-refill-per-second", "0.001");
        }
    }

    /** A new account, made with an admin token signed here (the token endpoint's buckets stay this test's). */
    private static String[] newAccount() {
        var r = given().auth().oauth2(TestTokens.admin("000000000001")).contentType("application/json")
                .body(Map.of("name", "throttled")).when().post("/v1/accounts").then().statusCode(201).extract();
        return new String[] { r.path("accountId"), r.path("accessKeyId"), r.path("secretAccessKey") };
    }

    @Inject
    MeterRegistry meters;

    private static String randomSource() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(1, 255) + "." + r.nextInt(1, 255) + "." + r.nextInt(1, 255);
    }

    private static ValidatableResponse ask(String source, String keyId, String secret) {
        return given().header("X-Real-IP", source).contentType("application/json")
                .body(Map.of("accessKeyId", keyId, "secretAccessKey", secret))
                .when().post("/v1/auth/token").then();
    }

    private double checks() {
        return meters.get("haneul.auth.secret.checks").counter().count();
    }

    @Test
    void guessesAtOneKeyAreThrottledWhateverTheSourceAndTheRightSecretWaitsToo() {
        String[] acc = newAccount();
        for (int n = 0; n < PER_KEY; n++) {
            ask(randomSource(), acc[1], "wrong-secret-" + n).statusCode(401).body("code", equalTo("AuthFailure"));
        }
        double before = checks();
        ask(randomSource(), acc[1], "one-guess-too-many").statusCode(429)
                .contentType("application/problem+json").body("code", equalTo("RequestLimitExceeded"))
                .header("Retry-After", notNullValue());
        ask(randomSource(), acc[1], acc[2]).statusCode(429).body("code", equalTo("RequestLimitExceeded"));
        assertEquals(before, checks(), "a throttled request computed a hash");
        // another key, from the same kind of sources, is not held up
        String[] other = newAccount();
        ask(randomSource(), other[1], other[2]).statusCode(200).body("token", notNullValue());
    }

    @Test
    void oneSourceIsThrottledWhateverTheKeys() {
        String source = randomSource();
        String[] acc = newAccount();
        for (int n = 0; n < PER_SOURCE; n++) {
            // malformed ids: refused before any lookup or hash, yet counted for the source
            ask(source, "not-a-key-" + n, "x").statusCode(401).body("code", equalTo("AuthFailure"));
        }
        ask(source, acc[1], acc[2]).statusCode(429).body("code", equalTo("RequestLimitExceeded"));
        ask(randomSource(), acc[1], acc[2]).statusCode(200);
    }

    @Test
    void anUnknownKeyIdCostsTheHashOfAKnownOneAndIsRefusedTheSameWay() {
        String[] acc = newAccount();
        double before = checks();
        String wrong = ask(randomSource(), acc[1], "not-its-secret").statusCode(401).extract().path("detail");
        assertEquals(before + 1, checks(), "control: a known key's secret is checked");
        String unknown = ask(randomSource(), "AKIAZZZZZZZZZZZZZZZZ", "whatever").statusCode(401)
                .body("code", equalTo("AuthFailure")).extract().path("detail");
        assertEquals(before + 2, checks(), "an unknown key id was refused without the hash a known one costs");
        assertEquals(wrong, unknown, "the refusals tell the unknown key from the wrong secret");
    }
}
