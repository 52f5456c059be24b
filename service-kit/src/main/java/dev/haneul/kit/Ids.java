package dev.haneul.kit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** EC2-style resource ids: a prefix, a dash and 17 lowercase hex digits ({@code i-0a1b2c3d4e5f60718}). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {
    }

    public static String newId(String prefix) {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return prefix + "-" + HEX.formatHex(bytes).substring(0, 17);
    }

    /** True when {@code id} has the shape of an id with this prefix (it may still not exist). */
    public static boolean isWellFormed(String prefix, String id) {
        return id != null && pattern(prefix).matcher(id).matches();
    }

    private static Pattern pattern(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + "-[0-9a-f]{8}([0-9a-f]{9})?");
    }
}
