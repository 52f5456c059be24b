package dev.haneul.kit.error;

import io.vertx.mysqlclient.MySQLException;

/** Recognises database failures that a service turns into an answer rather than an error. */
public final class DatabaseErrors {
    private DatabaseErrors() {
    }

    /** A unique key refused the row (MariaDB error 1062), anywhere in the cause chain. */
    public static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MySQLException m && m.getErrorCode() == 1062) {
                return true;
            }
            if (String.valueOf(t.getMessage()).contains("Duplicate entry")) {
                return true;
            }
        }
        return false;
    }
}
