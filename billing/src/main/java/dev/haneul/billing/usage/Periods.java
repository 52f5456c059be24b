package dev.haneul.billing.usage;

import dev.haneul.kit.error.ApiException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parsing and bounds of the periods billing is asked about (instants and UTC calendar months). */
public final class Periods {

    private Periods() {
    }

    public static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.invalidParameter(name + " must be an ISO-8601 UTC instant such as 2026-11-01T00:00:00Z.");
        }
    }

    public static YearMonth month(String value) {
        try {
            return YearMonth.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiException.invalidParameter("The billing month must look like 2026-11.");
        }
    }

    public static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public static Instant end(YearMonth month) {
        return start(month.plusMonths(1));
    }

    public static YearMonth monthOf(Instant t) {
        return YearMonth.from(t.atZone(ZoneOffset.UTC));
    }
}
