package dev.haneul.network.common;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;

/** Turns a malformed resource id into EC2's 400 {@code Invalid<Kind>ID.Malformed}. */
public final class IdChecks {
    private IdChecks() {
    }

    /** @param code e.g. {@code InvalidVpcID}; @param kind e.g. {@code vpc} in the message */
    public static String wellFormed(String prefix, String id, String code, String kind) {
        if (!Ids.isWellFormed(prefix, id)) {
            throw ApiException.badRequest(code + ".Malformed", "Invalid id: \"" + id + "\" (expecting \"" + prefix
                    + "-...\")");
        }
        return id;
    }

    public static ApiException notFound(String code, String kind, String id) {
        return ApiException.notFound(code + ".NotFound", "The " + kind + " ID '" + id + "' does not exist");
    }
}
