package dev.haneul.network.common;

import dev.haneul.kit.error.ApiException;
import io.quarkus.panache.common.Parameters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * EC2-style paging over lists ordered by id: {@code limit} (5–1000, default 1000) and an opaque
 * {@code nextToken} that carries the last id of the previous page.
 */
public record Paging(int limit, String afterId) {
    public static final int MAX = 1000;

    /** Validates the query parameters ({@code InvalidParameterValue}, {@code InvalidNextToken}). */
    public static Paging of(Integer limit, String nextToken) {
        int l = limit == null ? MAX : limit;
        if (l < 5 || l > MAX) {
            throw ApiException.invalidParameter("limit must be between 5 and 1000.");
        }
        String after = "";
        if (nextToken != null && !nextToken.isBlank()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("InvalidNextToken", "The token '" + nextToken + "' is invalid.");
            }
            if (!after.matches("[a-z]+-[0-9a-f]{8,17}")) {
                throw ApiException.badRequest("InvalidNextToken", "The token '" + nextToken + "' is invalid.");
            }
        }
        return new Paging(l, after);
    }

    /** Rows are fetched with {@code limit + 1} to know whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }

    /**
     * The Panache query of one page of a list: equality on each {@code (field, value)} pair whose value is not
     * null (the account first, then the optional filters), ids after this page's token, ordered by the id
     * field. Fetch it with {@code .range(0, limit())}: the range is inclusive, so one row more than a page
     * tells whether another follows ({@link #page}).
     */
    public Keyset keyset(String idField, Object... fieldValuePairs) {
        StringBuilder q = new StringBuilder();
        Parameters p = new Parameters();
        for (int i = 0; i + 1 < fieldValuePairs.length; i += 2) {
            if (fieldValuePairs[i + 1] != null) {
                q.append(fieldValuePairs[i]).append(" = :p").append(i / 2).append(" and ");
                p.and("p" + i / 2, fieldValuePairs[i + 1]);
            }
        }
        q.append(idField).append(" > :after order by ").append(idField);
        return new Keyset(q.toString(), p.and("after", afterId));
    }

    /** A list page's HQL condition and its parameters (see {@link #keyset}). */
    public record Keyset(String query, Parameters params) {
    }

    /** Cuts the fetched rows to one page and computes the next token (null on the last page). */
    public <T, V> Page<V> page(List<T> rows, Function<T, String> id, Function<T, V> view) {
        boolean more = rows.size() > limit;
        List<T> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(id.apply(shown.get(shown.size() - 1)).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(shown.stream().map(view).toList(), next);
    }
}
