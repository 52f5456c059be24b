package dev.haneul.kit.lock;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The kit's {@link AccountLock} under concurrency, on the real MariaDB: many requests of one new account race to
 * create a resource limited to 3 (the probe's {@code POST /v1/probe/limited}, which counts under the lock). The lock
 * row does not exist when they start, the case where an upsert inside the racing transactions deadlocks.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AccountLockTest {
    private static final int RACERS = 10;

    @TestHTTPResource("/v1/probe/limited")
    URI limited;

    @Test
    void concurrentCreatesOfANewAccountNeverExceedItsLimitAndNoneFailsOtherwise() {
        String account = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L));
        String token = TestTokens.user(account);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest create = HttpRequest.newBuilder(limited).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        List<CompletableFuture<HttpResponse<String>>> racing = IntStream.range(0, RACERS)
                .mapToObj(i -> client.sendAsync(create, HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> answers = racing.stream().map(CompletableFuture::join).toList();

        Map<Integer, Long> statuses = answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode,
                Collectors.counting()));
        // exactly the limit got through; every other one was refused with the limit's code, none failed (a
        // deadlock or a lock-row error would be a 500 or a 503)
        assertEquals(Map.of(200, 3L, 400, (long) RACERS - 3), statuses, () -> answers.stream()
                .map(r -> r.statusCode() + " " + r.body()).collect(Collectors.joining("\n")));
        assertEquals(RACERS - 3, answers.stream().filter(r -> r.body().contains("ProbeLimitExceeded")).count());
        int counted = given().auth().oauth2(token).when().get(limited).then().statusCode(200).extract()
                .path("count");
        assertEquals(3, counted, "rows of the account");
    }

    @Test
    void aLockRowRemovedUnderARunningServiceIsMadeAgainNotAFailure() throws Throwable {
        String account = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L));
        String token = TestTokens.user(account);
        given().auth().oauth2(token).when().post(limited).then().statusCode(200);
        Object removed = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("DELETE FROM account_lock WHERE account_id = :a")
                        .setParameter("a", account).executeUpdate())));
        assertEquals(1, ((Number) removed).intValue(), "control: the row was there");
        given().auth().oauth2(token).when().post(limited).then().statusCode(200);
        int counted = given().auth().oauth2(token).when().get(limited).then().statusCode(200).extract()
                .path("count");
        assertEquals(2, counted);
    }
}
