package dev.haneul.compute.instance;

import dev.haneul.kit.error.ApiException;
import java.util.Base64;

/** EC2's rule for user data: base64, at most 16 KB decoded. Shared by launch and modify. */
public final class UserData {
    public static final int MAX_BYTES = 16 * 1024;

    private UserData() {
    }

    public static void check(String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("Invalid BASE64 encoding of user data.");
        }
        if (decoded.length > MAX_BYTES) {
            throw ApiException.invalidParameter("User data is limited to 16384 bytes.");
        }
    }
}
