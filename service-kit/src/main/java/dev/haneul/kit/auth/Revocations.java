package dev.haneul.kit.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access keys revoked lately, in each service's memory, so that a bearer token issued for a key before it
 * was deactivated or deleted is refused everywhere within a moment, not only when it expires. Filled from
 * {@code account-events} ({@code AccessKeyRevoked}, {@link RevocationConsumer}, which every replica reads in
 * full from the start); checked on every request ({@link RevocationFilter}).
 * <ul>
 * <li>A token is revoked when its key was revoked at or after the second it was issued in (a JWT's {@code iat}
 * has whole seconds): a token issued in that same second after a re-activation is refused too, and its holder
 * simply gets another.</li>
 * <li>A revocation is forgotten {@link #MEMORY} after it happened: by then every token issued before it has
 * expired (tokens live an hour).</li>
 * </ul>
 */
@ApplicationScoped
public class Revocations {
    /** Longer than any token lives. */
    static final Duration MEMORY = Duration.ofHours(25);

    private final Map<String, Instant> revokedAt = new ConcurrentHashMap<>();
    private final Clock clock;

    public Revocations(Clock clock) {
        this.clock = clock;
    }

    /** Records that {@code accessKeyId} was revoked at {@code at} (the latest revocation of a key counts). */
    public void revoke(String accessKeyId, Instant at) {
        if (accessKeyId == null || at == null || at.isBefore(clock.instant().minus(MEMORY))) {
            return;
        }
        revokedAt.merge(accessKeyId, at, (a, b) -> a.isAfter(b) ? a : b);
        revokedAt.values().removeIf(t -> t.isBefore(clock.instant().minus(MEMORY)));
    }

    /** Whether a token issued at {@code issuedAt} for {@code accessKeyId} is revoked. */
    public boolean revoked(String accessKeyId, Instant issuedAt) {
        Instant at = accessKeyId == null ? null : revokedAt.get(accessKeyId);
        return at != null && (issuedAt == null || !issuedAt.isAfter(at.truncatedTo(ChronoUnit.SECONDS)));
    }
}
