package dev.haneul.volume.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.haneul.kit.error.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores a resource's tags as a JSON object in one text column (a plain string attribute, so Hibernate's
 * dirty checking compares strings), and turns them into EC2's tag list.
 */
public final class TagsConverter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> TYPE = new TypeReference<>() {
    };

    private TagsConverter() {
    }

    public static String toJson(Map<String, String> tags) {
        try {
            return tags == null || tags.isEmpty() ? null : MAPPER.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tags cannot be stored", e);
        }
    }

    public static Map<String, String> fromJson(String json) {
        try {
            return json == null ? new LinkedHashMap<>() : MAPPER.readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored tags are not JSON", e);
        }
    }

    /** EC2's list shape of stored tags, in insertion order. */
    public static List<Tag> toList(String json) {
        return toList(fromJson(json));
    }

    /** EC2's list shape, in insertion order. */
    public static List<Tag> toList(Map<String, String> tags) {
        return tags == null ? List.of() : tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }

    /** A map of the given tags; a repeated key is a 400. */
    public static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            for (Tag t : tags) {
                if (map.put(t.key(), t.value() == null ? "" : t.value()) != null) {
                    throw ApiException.invalidParameter("The tag key '" + t.key() + "' is repeated.");
                }
            }
        }
        return map;
    }
}
