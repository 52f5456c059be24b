package dev.haneul.volume.common;

import io.vertx.mysqlclient.MySQLException;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleObjectStateException;

/** Recognises the database failures that mean "someone else changed this first". */
public final class Failures {
    private Failures() {
    }

    /** A lost race worth retrying: the row's version changed since it was read, or a deadlock. */
    public static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StaleObjectStateException || t instanceof OptimisticLockException) {
                return true;
            }
            if (t instanceof MySQLException m
                    && (m.getErrorCode() == 1213 || m.getErrorCode() == 1205)) {
                return true;
            }
            if (String.valueOf(t.getMessage()).contains("Deadlock found")) {
                return true;
            }
        }
        return false;
    }
}
