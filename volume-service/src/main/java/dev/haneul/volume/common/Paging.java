package dev.haneul.volume.common;

import dev.haneul.kit.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * EC2-style paging over results ordered by id: {@code limit} (5–1000, default 1000) and an opaque
 * {@code nextToken} that encodes the last id of the previous page.
 */
public record Paging(int limit, String after) {
    public static final int MIN = 5;
    public static final int MAX = 1000;

    /** Parses the query parameters; a bad limit or token is a 400. */
    public static Paging of(Integer limit, String nextToken) {
        if (limit != null && (limit < MIN || limit > MAX)) {
            throw ApiException.invalidParameter("limit must be between " + MIN + " and " + MAX + ".");
        }
        String after = null;
        if (nextToken != null && !nextToken.isBlank()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("InvalidParameterValue", "The nextToken is not valid.");
            }
            if (!after.matches("[a-z]+-[0-9a-f]{8,17}")) {
                throw ApiException.badRequest("InvalidParameterValue", "The nextToken is not valid.");
            }
        }
        return new Paging(limit == null ? MAX : limit, after);
    }

    /** Fetch one more than the page so a next page can be recognised. */
    public int fetchSize() {
        return limit + 1;
    }

    /** Cuts the fetched rows to the page and computes the token of the next one (null at the end). */
    public <T, V> Page<V> page(List<T> fetched, Function<T, String> id, Function<T, V> view) {
        boolean more = fetched.size() > limit;
        List<T> rows = more ? fetched.subList(0, limit) : fetched;
        String token = more ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(id.apply(rows.get(rows.size() - 1)).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(rows.stream().map(view).toList(), token);
    }

    /** One page of a listing. */
    public record Page<V>(List<V> items, String nextToken) {
    }
}
