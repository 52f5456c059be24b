package dev.haneul.billing.paging;

import dev.haneul.kit.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * {@code limit} (5–1000, default 100) and {@code nextToken} paging over a list in a stable order: the token is
 * the opaque key of the last item returned.
 */
public final class Pages {
    public static final int DEFAULT_LIMIT = 100;

    private Pages() {
    }

    /** One page of items and the token of the next one (null on the last page). */
    public record Page<T>(List<T> items, String nextToken) {
    }

    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 5 || limit > 1000) {
            throw ApiException.invalidParameter("limit must be between 5 and 1000.");
        }
        return limit;
    }

    /** The items after the token's key, at most {@code limit} of them. */
    public static <T> Page<T> page(List<T> sorted, Function<T, String> key, Integer limit, String nextToken) {
        int size = limit(limit);
        int from = 0;
        if (nextToken != null && !nextToken.isBlank()) {
            String after = decode(nextToken);
            from = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                if (key.apply(sorted.get(i)).equals(after)) {
                    from = i + 1;
                    break;
                }
            }
        }
        int to = Math.min(sorted.size(), from + size);
        List<T> items = sorted.subList(from, to);
        String next = to < sorted.size() ? encode(key.apply(sorted.get(to - 1))) : null;
        return new Page<>(List.copyOf(items), next);
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("The nextToken is not valid.");
        }
    }
}
