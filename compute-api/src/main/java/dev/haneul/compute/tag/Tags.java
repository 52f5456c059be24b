package dev.haneul.compute.tag;

import dev.haneul.kit.error.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** EC2's tag rules, pure: at most 50 per resource, key 1–128 and value ≤ 256 characters, no {@code aws:} prefix. */
public final class Tags {
    public static final int MAX_PER_RESOURCE = 50;

    private Tags() {
    }

    /** Checks one tag's key and value. */
    public static void check(String key, String value) {
        if (key == null || key.isEmpty() || key.length() > 128) {
            throw ApiException.invalidParameter("Tag key must be between 1 and 128 characters: '" + key + "'.");
        }
        if (value != null && value.length() > 256) {
            throw ApiException.invalidParameter("Tag value exceeds the maximum length of 256 characters.");
        }
        if (key.toLowerCase().startsWith("aws:")) {
            throw ApiException.invalidParameter("Tag keys starting with 'aws:' are reserved for internal use.");
        }
    }

    /** The tags after adding {@code added} (a key already present gets the new value); checks the limits. */
    public static List<Tag> merge(List<Tag> current, List<Tag> added) {
        Map<String, String> byKey = new LinkedHashMap<>();
        current.forEach(t -> byKey.put(t.key(), t.value()));
        for (Tag t : added) {
            check(t.key(), t.value());
            byKey.put(t.key(), t.value() == null ? "" : t.value());
        }
        if (byKey.size() > MAX_PER_RESOURCE) {
            throw ApiException.badRequest("TagLimitExceeded",
                    "The maximum number of tags per resource (" + MAX_PER_RESOURCE + ") has been exceeded.");
        }
        List<Tag> out = new ArrayList<>();
        byKey.forEach((k, v) -> out.add(new Tag(k, v)));
        return out;
    }

    /** The tags without {@code key} (when {@code value} is given, only if the value matches, as EC2 does). */
    public static List<Tag> remove(List<Tag> current, String key, String value) {
        return current.stream().filter(t -> !(t.key().equals(key) && (value == null || value.equals(t.value()))))
                .toList();
    }
}
