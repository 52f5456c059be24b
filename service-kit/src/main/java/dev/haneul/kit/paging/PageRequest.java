package dev.haneul.kit.paging;

import dev.haneul.kit.error.ApiException;
import io.quarkus.panache.common.Parameters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * EC2's paging of every list answer: a {@code limit} of 5–1000 items and an opaque {@code nextToken}. Every list
 * is ordered by a unique sort key (one or more fields, the last one an id) and pages by keyset: the token is the
 * key of the last item shown, so the next page is "the items after that key", which neither skips nor repeats an
 * item when others are added or removed between pages, and costs the same on page 1 and page 1,000.
 *
 * <p>Invariant: every list endpoint refuses a bad limit with {@code InvalidParameterValue} and a bad token with
 * {@code InvalidNextToken} — the codes and messages are written here and nowhere else.
 *
 * @param limit the page size asked for, or the list's default
 * @param after the sort key of the last item of the previous page; empty on the first page
 */
public record PageRequest(int limit, List<String> after) {
    public static final int MIN = 5;
    public static final int MAX = 1000;

    private static final Pattern RESOURCE_ID = Pattern.compile("[a-z]+-[0-9a-f]{8,17}");
    private static final String SEPARATOR = "\n";

    /** The token of a list keyed by one resource id ({@code vol-…}, {@code sg-…}). */
    public static final Predicate<List<String>> RESOURCE_ID_KEY =
            key -> key.size() == 1 && RESOURCE_ID.matcher(key.get(0)).matches();

    /** The page a caller asked for of a list keyed by one resource id, 1,000 items by default. */
    public static PageRequest byId(Integer limit, String nextToken) {
        return of(limit, nextToken, MAX, RESOURCE_ID_KEY);
    }

    /**
     * The page a caller asked for.
     *
     * @param keyShape whether a decoded token is a key this list could have produced (its number of parts,
     *                 their formats); a token that is not is refused before any query runs
     */
    public static PageRequest of(Integer limit, String nextToken, int defaultLimit, Predicate<List<String>> keyShape) {
        int size = limit == null ? defaultLimit : limit;
        if (size < MIN || size > MAX) {
            throw ApiException.invalidParameter("limit must be between " + MIN + " and " + MAX + ".");
        }
        if (nextToken == null || nextToken.isBlank()) {
            return new PageRequest(size, List.of());
        }
        List<String> key;
        try {
            key = List.of(new String(Base64.getUrlDecoder().decode(nextToken.trim()), StandardCharsets.UTF_8)
                    .split(SEPARATOR, -1));
        } catch (IllegalArgumentException e) {
            throw invalidToken();
        }
        if (key.stream().anyMatch(String::isEmpty) || !keyShape.test(key)) {
            throw invalidToken();
        }
        return new PageRequest(size, key);
    }

    /** True on the first page (no token). */
    public boolean first() {
        return after.isEmpty();
    }

    /** Part {@code i} of the previous page's last key. */
    public String after(int i) {
        return after.get(i);
    }

    /** Rows to fetch: one more than a page, so that the last row tells whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }

    /**
     * The HQL condition "the sort key comes after the token's key", over the sort {@code fields} in order, its
     * parameters ({@code after0}, {@code after1}, …) added to {@code params} from {@code values} (the token's key
     * parts converted to the fields' types); {@code null} on the first page. The query must order by the same
     * fields.
     */
    public String keysetCondition(Parameters params, List<String> fields, List<?> values) {
        if (first()) {
            return null;
        }
        int last = fields.size() - 1;
        String condition = fields.get(last) + " > :after" + last;
        for (int i = last - 1; i >= 0; i--) {
            condition = "(" + fields.get(i) + " > :after" + i + " or (" + fields.get(i) + " = :after" + i + " and "
                    + condition + "))";
        }
        for (int i = 0; i <= last; i++) {
            params.and("after" + i, values.get(i));
        }
        return "(" + condition + ")";
    }

    /** {@link #keysetCondition(Parameters, List, List)} over one field whose values are the token's strings. */
    public String keysetCondition(Parameters params, String field) {
        return keysetCondition(params, List.of(field), after);
    }

    /**
     * The Panache query of one page of a list ordered by one id field: equality on each {@code (field, value)}
     * pair whose value is not null (the account first, then the optional filters), ids after the token's, ordered
     * by the id. Fetch it with {@code .range(0, limit())} (the range is inclusive: one row more than a page).
     */
    public Keyset keyset(String idField, Object... fieldValuePairs) {
        StringBuilder q = new StringBuilder();
        Parameters p = new Parameters();
        for (int i = 0; i + 1 < fieldValuePairs.length; i += 2) {
            if (fieldValuePairs[i + 1] != null) {
                q.append(q.isEmpty() ? "" : " and ").append(fieldValuePairs[i]).append(" = :p").append(i / 2);
                p.and("p" + i / 2, fieldValuePairs[i + 1]);
            }
        }
        String after = keysetCondition(p, idField);
        if (after != null) {
            q.append(q.isEmpty() ? "" : " and ").append(after);
        }
        return new Keyset(q.append(" order by ").append(idField).toString(), p);
    }

    /** A list page's HQL condition and its parameters (see {@link #keyset}). */
    public record Keyset(String query, Parameters params) {
    }

    /**
     * Cuts the rows fetched with {@link #fetchSize()} to one page and computes the next token from the last item's
     * sort key ({@code key}: its parts, in the order of the fields).
     */
    public <T, V> Page<V> page(List<T> fetched, Function<T, List<String>> key, Function<T, V> view) {
        boolean more = fetched.size() > limit;
        List<T> rows = more ? fetched.subList(0, limit) : fetched;
        String next = more ? token(key.apply(rows.get(rows.size() - 1))) : null;
        return new Page<>(rows.stream().map(view).toList(), next);
    }

    /** {@link #page(List, Function, Function)} for a list keyed by one field. */
    public <T, V> Page<V> pageById(List<T> fetched, Function<T, String> id, Function<T, V> view) {
        return page(fetched, row -> List.of(id.apply(row)), view);
    }

    /**
     * One page of a short list already held in memory in its stable order ({@code key} unique, e.g. a billing
     * account's invoices by month): the items after the one whose key the token holds.
     */
    public <T> Page<T> slice(List<T> sorted, Function<T, String> key) {
        int from = 0;
        if (!first()) {
            from = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                if (key.apply(sorted.get(i)).equals(after(0))) {
                    from = i + 1;
                    break;
                }
            }
        }
        int to = Math.min(sorted.size(), from + limit);
        String next = to < sorted.size() ? token(List.of(key.apply(sorted.get(to - 1)))) : null;
        return new Page<>(List.copyOf(sorted.subList(from, to)), next);
    }

    /** The opaque token of a sort key. */
    public static String token(List<String> key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, key).getBytes(StandardCharsets.UTF_8));
    }

    /** The one refusal of a token that no list of this kind produced. */
    public static ApiException invalidToken() {
        return ApiException.badRequest("InvalidNextToken", "The specified next token is not valid.");
    }
}
