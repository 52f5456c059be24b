package dev.haneul.billing.usage;

import dev.haneul.kit.error.ApiException;
import java.util.Locale;

/** How usage lines are grouped: per resource (default), per priced type, or per resource and UTC day. */
public enum GroupBy {
    RESOURCE, TYPE, DAY;

    public static GroupBy parse(String value) {
        if (value == null || value.isBlank()) {
            return RESOURCE;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("groupBy must be one of resource, type, day.");
        }
    }
}
