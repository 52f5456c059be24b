package dev.haneul.compute.account;

import dev.haneul.compute.config.ComputeConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Seals and opens the recoverable copy of an access key's secret ({@code access_key.sealed_secret}), which AWS
 * Signature V4 needs: the PBKDF2 hash checks a secret presented, but a signature can only be checked with the
 * secret itself. AES-256-GCM (the JDK's), the seal key read once at start from {@code haneul.access-keys.seal-key}.
 * Invariant: a sealed copy is base64 of a 12-byte nonce drawn at random for that one seal followed by the
 * ciphertext and its 128-bit tag, with the access key id as associated data; so it opens only with the seal key it
 * was made with and only as the secret of that key id (a copy moved to another row, or altered, fails to open),
 * and this class is the only code that makes or opens one. Without a seal key nothing is sealed ({@link #seal}
 * answers null) and nothing opens.
 */
@Startup
@Singleton
public class SecretSeal {
    private static final Logger LOG = Logger.getLogger(SecretSeal.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** Null: no seal key configured. */
    private final SecretKey key;

    @Inject
    public SecretSeal(ComputeConfig config) {
        this(read(config.accessKeys().sealKey()));
        if (key == null) {
            LOG.info("haneul.access-keys.seal-key (HANEUL_ACCESS_KEY_SEAL_KEY) is not set: access key secrets are "
                    + "not sealed and AWS Signature V4 verification (POST /v1/auth/sigv4) is disabled");
        }
    }

    /** With these 32 bytes as the seal key, or none (null). */
    SecretSeal(byte[] sealKey) {
        if (sealKey != null && sealKey.length != 32) {
            throw new IllegalStateException("the access key seal key must be 32 bytes, not " + sealKey.length);
        }
        this.key = sealKey == null ? null : new SecretKeySpec(sealKey, "AES");
    }

    public boolean enabled() {
        return key != null;
    }

    /** The sealed copy of {@code secret} for {@code accessKeyId}, or null without a seal key. */
    public String seal(String accessKeyId, String secret) {
        if (key == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance(CIPHER);
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret sealed in {@code sealed} for {@code accessKeyId}; fails if there is no seal key, or the copy was
     * made with another seal key, for another key id, or altered.
     */
    public String open(String accessKeyId, String sealed) throws GeneralSecurityException {
        if (key == null) {
            throw new GeneralSecurityException("no seal key configured");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("a sealed copy is base64", e);
        }
        if (bytes.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("a sealed copy is too short");
        }
        Cipher c = Cipher.getInstance(CIPHER);
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
        c.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
        return new String(c.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    }

    /** The configured key file's 32 bytes (a path, else a classpath resource), or null when none is configured. */
    private static byte[] read(Optional<String> location) {
        if (location.isEmpty() || location.get().isBlank()) {
            return null;
        }
        String where = location.get().trim();
        byte[] text;
        try {
            Path file = Path.of(where);
            if (Files.isRegularFile(file)) {
                text = Files.readAllBytes(file);
            } else {
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(where)) {
                    if (in == null) {
                        throw new IllegalStateException("the access key seal key file " + where + " does not exist");
                    }
                    text = in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the access key seal key file " + where, e);
        }
        try {
            return Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the access key seal key file " + where
                    + " must hold base64 of 32 random bytes (openssl rand -base64 32)");
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }
}
