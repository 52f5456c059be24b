package dev.haneul.compute.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A sealed secret opens with its seal key for its key id only; any change to it is detected. */
class SecretSealTest {
    private static final String KEY_ID = "AKIAAAAAAAAAAAAAAAAA";

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    @Test
    void aSealedSecretOpensAsItselfAndEachSealDrawsItsOwnNonce() throws Exception {
        SecretSeal seal = new SecretSeal(randomKey());
        String secret = Secrets.newSecret();
        String sealed = seal.seal(KEY_ID, secret);
        assertFalse(sealed.contains(secret));
        assertEquals(12 + 40 + 16, Base64.getDecoder().decode(sealed).length);
        assertEquals(secret, seal.open(KEY_ID, sealed));
        String again = seal.seal(KEY_ID, secret);
        assertNotEquals(sealed, again);
        assertEquals(secret, seal.open(KEY_ID, again));
    }

    @Test
    void anAlteredCopyAnotherKeyIdOrAnotherSealKeyDoesNotOpen() {
        SecretSeal seal = new SecretSeal(randomKey());
        String sealed = seal.seal(KEY_ID, Secrets.newSecret());
        byte[] bytes = Base64.getDecoder().decode(sealed);
        for (int i : new int[] { 0, 11, 12, bytes.length - 1 }) {
            byte[] altered = bytes.clone();
            altered[i] ^= 1;
            assertThrows(GeneralSecurityException.class,
                    () -> seal.open(KEY_ID, Base64.getEncoder().encodeToString(altered)), "byte " + i);
        }
        assertThrows(GeneralSecurityException.class, () -> seal.open("AKIAAAAAAAAAAAAAAAAB", sealed));
        assertThrows(GeneralSecurityException.class, () -> new SecretSeal(randomKey()).open(KEY_ID, sealed));
        assertThrows(GeneralSecurityException.class, () -> seal.open(KEY_ID, sealed.substring(0, 20)));
        assertThrows(GeneralSecurityException.class, () -> seal.open(KEY_ID, "not base64!"));
    }

    @Test
    void withoutASealKeyNothingIsSealedAndNothingOpens() {
        SecretSeal none = new SecretSeal((byte[]) null);
        assertFalse(none.enabled());
        assertNull(none.seal(KEY_ID, Secrets.newSecret()));
        String sealed = new SecretSeal(randomKey()).seal(KEY_ID, "x");
        assertThrows(GeneralSecurityException.class, () -> none.open(KEY_ID, sealed));
        assertTrue(new SecretSeal(randomKey()).enabled());
        assertThrows(IllegalStateException.class, () -> new SecretSeal(new byte[16]));
    }
}
