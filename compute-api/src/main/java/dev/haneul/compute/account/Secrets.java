package dev.haneul.compute.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Credentials: generation of account ids, access key ids and secrets, and the slow hash (PBKDF2 with
 * HMAC-SHA256, the JDK's implementation) under which secrets are stored. Hashing is CPU work: call it off the
 * event loop.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";
    private static final int ITERATIONS = 120_000;

    private Secrets() {
    }

    /** 12 digits, like an AWS account id. */
    public static String newAccountId() {
        StringBuilder b = new StringBuilder();
        b.append(1 + RANDOM.nextInt(9));
        for (int i = 1; i < 12; i++) {
            b.append(RANDOM.nextInt(10));
        }
        return b.toString();
    }

    /** {@code AKIA} + 16 characters. */
    public static String newAccessKeyId() {
        return "AKIA" + random(KEY_ALPHABET, 16);
    }

    /** 40 characters. */
    public static String newSecret() {
        return random(SECRET_ALPHABET, 40);
    }

    public static boolean isAccessKeyId(String s) {
        return s != null && s.matches("AKIA[A-Z0-9]{16}");
    }

    /** {@code pbkdf2-sha256$iterations$salt$hash}, base64. */
    public static String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(secret, salt, ITERATIONS));
    }

    public static boolean verify(String secret, String stored) {
        String[] p = stored.split("\\$");
        if (p.length != 4 || !p[0].equals("pbkdf2-sha256")) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(p[3]);
        byte[] actual = derive(secret, Base64.getDecoder().decode(p[2]), Integer.parseInt(p[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A stable digest of a text, e.g. of a launch request for client-token idempotency. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
