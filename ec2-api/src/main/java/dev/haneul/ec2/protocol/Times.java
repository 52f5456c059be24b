package dev.haneul.ec2.protocol;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** EC2's timestamps: ISO 8601 in UTC with milliseconds, {@code 2026-12-07T10:15:30.000Z}. */
public final class Times {
    private Times() {
    }

    public static String iso(Instant t) {
        Instant ms = t.truncatedTo(ChronoUnit.MILLIS);
        String s = ms.toString();
        return ms.getNano() == 0 ? s.substring(0, s.length() - 1) + ".000Z" : s;
    }
}
