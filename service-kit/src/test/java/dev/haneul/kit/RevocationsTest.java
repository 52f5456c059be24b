package dev.haneul.kit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.kit.auth.Revocations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RevocationsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00.600Z");
    private final Revocations revocations = new Revocations(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenIssuedBeforeOrInTheSecondOfTheRevocationIsRevokedALaterOneIsNot() {
        revocations.revoke("AKIAAAAAAAAAAAAAAAAA", NOW);
        assertTrue(revocations.revoked("AKIAAAAAAAAAAAAAAAAA", NOW.minus(Duration.ofMinutes(30))));
        assertTrue(revocations.revoked("AKIAAAAAAAAAAAAAAAAA", Instant.parse("2026-12-07T10:00:00Z")),
                "iat has whole seconds: the revocation's own second is refused");
        assertFalse(revocations.revoked("AKIAAAAAAAAAAAAAAAAA", Instant.parse("2026-12-07T10:00:01Z")));
        assertFalse(revocations.revoked("AKIABBBBBBBBBBBBBBBB", NOW.minus(Duration.ofMinutes(30))), "another key");
        assertFalse(revocations.revoked(null, NOW));
    }

    @Test
    void theLatestRevocationCountsAndOldOnesAreForgotten() {
        revocations.revoke("AKIAAAAAAAAAAAAAAAAA", NOW);
        revocations.revoke("AKIAAAAAAAAAAAAAAAAA", NOW.minus(Duration.ofHours(1)));   // redelivered, older
        assertTrue(revocations.revoked("AKIAAAAAAAAAAAAAAAAA", NOW.minus(Duration.ofMinutes(10))));
        revocations.revoke("AKIACCCCCCCCCCCCCCCC", NOW.minus(Duration.ofHours(26)));  // before any live token
        assertFalse(revocations.revoked("AKIACCCCCCCCCCCCCCCC", NOW.minus(Duration.ofHours(27))));
    }
}
