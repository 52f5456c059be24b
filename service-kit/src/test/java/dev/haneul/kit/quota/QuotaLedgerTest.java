package dev.haneul.kit.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.kit.quota.QuotaLedger.Claim;
import dev.haneul.kit.quota.QuotaLedger.Counted;
import dev.haneul.kit.quota.QuotaLedger.Difference;
import dev.haneul.kit.quota.QuotaLedger.Exceeded;
import dev.haneul.kit.quota.QuotaLedger.Granted;
import dev.haneul.kit.quota.QuotaLedger.Request;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kit's quota ledger against the real local Redis: its scripts and the invariants its Javadoc states. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class QuotaLedgerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    ReactiveRedisDataSource reactive;

    @Inject
    RedisDataSource redis;

    QuotaLedger ledger;
    String account;

    @BeforeEach
    void newAccount() {
        ledger = new QuotaLedger(reactive, "kit-probe-quota", List.of("gp2", "snapshots"));
        account = String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        ledger.rebuild(account, Map.of(), false).await().atMost(DEADLINE);
    }

    private QuotaLedger.Reservation reserve(Request... requests) {
        return ledger.reserve(account, List.of(requests)).await().atMost(DEADLINE);
    }

    private Map<String, Long> used() {
        return ledger.used(account).await().atMost(DEADLINE);
    }

    private static List<Claim> claims(long amount, String... holders) {
        return Arrays.stream(holders).map(h -> new Claim(h, amount)).toList();
    }

    @Test
    void aReservationOfSeveralQuotasIsGrantedWhollyOrNotAtAll() {
        assertInstanceOf(Granted.class, reserve(Request.all("gp2", 100, claims(60, "vol-a"))));
        // the snapshots fit, gp2 does not: nothing changes
        Exceeded refused = assertInstanceOf(Exceeded.class, reserve(Request.all("snapshots", 10, claims(1, "snap-a")),
                Request.all("gp2", 100, claims(50, "vol-b"))));
        assertEquals(new Exceeded("gp2", 100, 60, 50), refused);
        assertEquals(Map.of("gp2", 60L, "snapshots", 0L), used());
        assertNull(redis.hash(String.class).hget(ledger.holdersKey(account, "snapshots"), "snap-a"));
    }

    @Test
    void aRetriedClaimCountsOnceAndAShrinkIsAlwaysAllowed() {
        reserve(Request.all("gp2", 100, claims(60, "vol-a")));
        assertEquals(new Granted(Map.of("gp2", 1)), reserve(Request.all("gp2", 100, claims(60, "vol-a"))));
        assertEquals(60L, used().get("gp2"));
        // over the limit already (an admin lowered it): a shrink still goes through, growth does not
        assertInstanceOf(Granted.class, reserve(Request.all("gp2", 10, claims(40, "vol-a"))));
        assertEquals(40L, used().get("gp2"));
        assertInstanceOf(Exceeded.class, reserve(Request.all("gp2", 10, claims(41, "vol-a"))));
    }

    @Test
    void aPartialReservationGrantsClaimsInOrderWhileTheyFitAndAtLeastItsLeast() {
        reserve(Request.all("gp2", 10, claims(2, "i-held")));
        // limit 10, 2 used: three more of 2 fit, and the one already held counts as granted
        Granted granted = assertInstanceOf(Granted.class, reserve(new Request("gp2", 10, 1,
                claims(2, "i-1", "i-2", "i-3", "i-4", "i-5", "i-held"))));
        assertEquals(5, granted.granted().get("gp2"));
        assertEquals(10L, used().get("gp2"));
        assertEquals(Map.of("i-held", "2", "i-1", "2", "i-2", "2", "i-3", "2", "i-4", "2"),
                redis.hash(String.class).hgetall(ledger.holdersKey(account, "gp2")));
        // not even the least fits: nothing changes
        assertInstanceOf(Exceeded.class, reserve(new Request("gp2", 10, 1, claims(2, "i-6"))));
        assertEquals(10L, used().get("gp2"));
    }

    @Test
    void nothingButARebuildMakesAMissingCounter() {
        reserve(Request.all("gp2", 100, claims(30, "vol-a")));
        redis.key().del(ledger.usedKey(account, "gp2"), ledger.holdersKey(account, "gp2"));
        assertInstanceOf(QuotaLedger.Missing.class, reserve(Request.all("gp2", 100, claims(30, "vol-b"))));
        assertEquals(-2L, ledger.sync(account, List.of("vol-a"), Map.of()).await().atMost(DEADLINE));
        assertNull(ledger.read(account).await().atMost(DEADLINE));
        assertEquals(false, ledger.present(account).await().atMost(DEADLINE));
        assertNull(used().get("gp2"));

        // a rebuild only when missing: gp2 is rebuilt, and both quotas are rewritten from the truth
        assertEquals(1L, ledger.rebuild(account, Map.of("gp2", Map.of("vol-a", 30L)), false).await().atMost(DEADLINE));
        assertEquals(Map.of("gp2", 30L, "snapshots", 0L), used());
        assertEquals(-1L, ledger.rebuild(account, Map.of(), false).await().atMost(DEADLINE));
        assertEquals(30L, used().get("gp2"));
        // forced: the drift is counted per quota, a holder with a wrong amount included
        redis.hash(String.class).hset(ledger.holdersKey(account, "gp2"), "vol-a", "31");
        assertEquals(1L, ledger.rebuild(account, Map.of("gp2", Map.of("vol-a", 30L)), true).await().atMost(DEADLINE));
        assertEquals(0L, ledger.rebuild(account, Map.of("gp2", Map.of("vol-a", 30L)), true).await().atMost(DEADLINE));
    }

    @Test
    void syncSetsTheNamedHoldersToWhatTheyHoldAndKeepsEveryCounterTheirSum() {
        reserve(Request.all("gp2", 100, claims(30, "vol-a", "vol-b")), Request.all("snapshots", 5, claims(1, "snap-a")));
        assertEquals(3L, ledger.sync(account, List.of("vol-a", "snap-a", "vol-c"),
                Map.of("gp2", Map.of("vol-a", 10L, "vol-c", 5L))).await().atMost(DEADLINE));
        assertEquals(Map.of("gp2", 45L, "snapshots", 0L), used());
        Map<String, Counted> counted = ledger.read(account).await().atMost(DEADLINE);
        assertEquals(new Counted(45, Map.of("vol-a", 10L, "vol-b", 30L, "vol-c", 5L)), counted.get("gp2"));
        assertEquals(new Counted(0, Map.of()), counted.get("snapshots"));
    }

    @Test
    void aRepairChangesOnlyHoldersThatStillHoldWhatWasSeenAndSetsCountersToTheirSum() {
        reserve(Request.all("gp2", 100, claims(30, "vol-a", "vol-b")));
        redis.value(String.class).set(ledger.usedKey(account, "gp2"), "99");
        QuotaLedger.Repaired repaired = ledger.repair(account, List.of(
                new Difference("gp2", "vol-a", 30, 0),      // still 30: removed
                new Difference("gp2", "vol-b", 20, 40)))     // 30 now, not the 20 seen: left alone
                .await().atMost(DEADLINE);
        assertEquals(1L, repaired.holders());
        assertTrue(repaired.countersChanged());
        assertEquals(99L, repaired.counters().get("gp2")[0]);
        assertEquals(30L, repaired.counters().get("gp2")[1]);
        assertEquals(Map.of("gp2", 30L, "snapshots", 0L), used());
    }

    @Test
    void theLedgerFindsTheAccountsThatHaveKeys() {
        assertTrue(ledger.accounts().await().atMost(DEADLINE).contains(account));
        Integer repaired = ledger.eachAccount(Uni.createFrom().item(List.of("000000000000")),
                a -> Uni.createFrom().item(a.equals(account) || a.equals("000000000000")))
                .await().atMost(DEADLINE);
        assertEquals(2, repaired, "the database's account and the ledger's, each once");
    }
}
