package dev.haneul.kit.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.kit.ratelimit.ActionClass;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** API rate limits: token buckets per account and action class, in the real Redis. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(RateLimitTest.SmallBuckets.class)
class RateLimitTest {

    /** Buckets small and slow enough that a test empties them long before they refill. */
    public static class SmallBuckets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("haneul.rate-limits.enabled", "true",
                    "haneul.rate-limits.describe.capacity", "5",
                    "haneul.rate-limits.describe.refill-per-second", "0.01",
                    "haneul.rate-limits.mutating.capacity", "3",
                    "haneul.rate-limits.mutating.refill-per-second", "0.01");
        }
    }

    private static String account() {
        return String.valueOf(100_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
    }

    @Test
    void anEmptyBucketAnswers429WithRetryAfterAndOtherAccountsAreUntouched() {
        String a = TestTokens.user(account());
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(a).when().get("/v1/probe/whoami").then().statusCode(200);
        }
        given().auth().oauth2(a).when().get("/v1/probe/whoami")
                .then().statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("RequestLimitExceeded")).body("requestId", notNullValue())
                .header("Retry-After", notNullValue());
        // another account has its own bucket
        given().auth().oauth2(TestTokens.user(account())).when().get("/v1/probe/whoami").then().statusCode(200);
        // and the same account's mutating bucket is a different one
        given().auth().oauth2(a).contentType("application/json").body("{\"instanceId\":\"i-0bbbbbbbbbbbbbbbb\"}")
                .when().post("/v1/probe").then().statusCode(200);
    }

    @Test
    void concurrentRequestsNeverGetMoreThanTheBucketHolds() {
        String a = TestTokens.user(account());
        AtomicInteger ok = new AtomicInteger();
        List<Integer> statuses = new ArrayList<>(IntStream.range(0, 20).parallel()
                .mapToObj(i -> given().auth().oauth2(a).contentType("application/json")
                        .body("{\"instanceId\":\"i-0cccccccccccccccc\"}").when().post("/v1/probe"))
                .map(Response::statusCode).peek(s -> {
                    if (s == 200) {
                        ok.incrementAndGet();
                    }
                }).toList());
        assertEquals(3, ok.get(), "statuses " + statuses);
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 429), "statuses " + statuses);
    }

    @Test
    void anonymousAndForgedCallsAre401NotThrottled() {
        for (int i = 0; i < 8; i++) {
            given().auth().oauth2("forged.token.value").when().get("/v1/probe/whoami").then().statusCode(401)
                    .body("code", equalTo("AuthFailure"));
        }
    }

    @Test
    void actionClasses() {
        assertEquals(ActionClass.DESCRIBE, ActionClass.of("GET", "/v1/instances"));
        assertEquals(ActionClass.LAUNCH, ActionClass.of("POST", "/v1/instances"));
        assertEquals(ActionClass.LAUNCH, ActionClass.of("POST", "/v1/instances/i-0123456789abcdef0/start"));
        assertEquals(ActionClass.MUTATING, ActionClass.of("POST", "/v1/instances/i-0123456789abcdef0/stop"));
        assertEquals(ActionClass.MUTATING, ActionClass.of("DELETE", "/v1/volumes/vol-1"));
        assertEquals(ActionClass.MUTATING, ActionClass.of("POST", "/v1/volumes"));
    }
}
