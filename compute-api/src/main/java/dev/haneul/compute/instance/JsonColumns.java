package dev.haneul.compute.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.haneul.events.EventCodec;
import java.util.List;

/**
 * The JSON columns of {@link Instance} (its tags, block devices, volumes, security rules), read and written
 * with the events' mapper, so a column holds exactly what the event-contracts records say. Used by every
 * feature that reads or changes those columns (the saga, tags, images, the instances API).
 */
public final class JsonColumns {
    private JsonColumns() {
    }

    /** The value as JSON, or null for null. */
    public static String writeJson(Object value) {
        try {
            return value == null ? null : EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The list a column holds; empty for a null or blank column. */
    public static <T> List<T> readList(String json, TypeReference<List<T>> type) {
        return readJson(json, type, List.of());
    }

    /** The value a column holds, or {@code absent} for a null or blank column. */
    public static <T> T readJson(String json, TypeReference<T> type, T absent) {
        if (json == null || json.isBlank()) {
            return absent;
        }
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
