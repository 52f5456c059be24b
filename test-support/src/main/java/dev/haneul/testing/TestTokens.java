package dev.haneul.testing;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * Bearer tokens signed with the test key pair ({@code haneul-test-keys/}), as compute-api would issue them.
 * Services under test verify them with {@code mp.jwt.verify.publickey.location=haneul-test-keys/public.pem}.
 */
public final class TestTokens {
    private static final PrivateKey KEY = load();

    private TestTokens() {
    }

    public static String user(String accountId) {
        return token(accountId, Set.of("user"), Duration.ofHours(1));
    }

    public static String admin(String accountId) {
        return token(accountId, Set.of("user", "admin"), Duration.ofHours(1));
    }

    public static String expired(String accountId) {
        return Jwt.issuer("haneul").subject(accountId).groups(Set.of("user"))
                .issuedAt(Instant.now().minus(Duration.ofHours(2)))
                .expiresAt(Instant.now().minus(Duration.ofHours(1)))
                .sign(KEY);
    }

    public static String token(String accountId, Set<String> groups, Duration ttl) {
        return Jwt.issuer("haneul").subject(accountId).groups(groups).expiresIn(ttl).sign(KEY);
    }

    /** The private key, for tests that must sign something themselves. */
    public static PrivateKey privateKey() {
        return KEY;
    }

    private static PrivateKey load() {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream("haneul-test-keys/private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test signing key", e);
        }
    }
}
