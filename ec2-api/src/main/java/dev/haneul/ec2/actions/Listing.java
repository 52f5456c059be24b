package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import io.smallrye.mutiny.Uni;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * How a Describe action of the network family finds what it shows, from the REST API's per-account lists: ids
 * named in the request are read one by one ({@code GET /v1/…/{id}}, so an unknown id is the REST API's EC2
 * not-found error); a filter the REST list honours ({@code rest}: one exact value) is sent to it, with
 * {@code MaxResults}/{@code NextToken} as its paging; any other filter (several values, EC2's wildcards, or no
 * REST counterpart) is matched here after reading every page (the lists are small: one account's VPCs, groups,
 * …), and {@code MaxResults} then pages the matches here: in the REST API's order (by id), the token being the last
 * id shown.
 *
 * <p>Haneul's network resources have no tags: {@code tag:<key>} and {@code tag-key} are valid filters that match
 * nothing.
 *
 * @param path     the REST list, e.g. {@code /v1/vpcs}
 * @param member   the list's member in the REST page, e.g. {@code vpcs}
 * @param paged    whether the EC2 action pages ({@code MaxResults}/{@code NextToken}); when not, every page is read
 * @param known    the EC2 filters the action honours (tag filters besides), the first one the resource's id
 * @param rest     EC2 filter → the REST list's query parameter, for filters the list honours
 * @param fields   a resource's values per EC2 filter name (several for a resource's sets: rules, associations)
 */
record Listing(String path, String member, boolean paged, List<String> known, Map<String, String> rest,
        Function<JsonNode, Map<String, List<String>>> fields) {
    /** EC2's page sizes (the REST API's too). */
    private static final int MIN = 5;
    private static final int MAX = 1000;
    private static final Pattern ID = Pattern.compile("[a-z]+-[0-9a-f]{1,17}");

    /** The filter names for the generated docs: the known ones and the tag filters. */
    List<String> documented() {
        List<String> out = new ArrayList<>(known);
        out.add("tag:<key>");
        out.add("tag-key");
        return out;
    }

    /** What one request found: the resources in the REST API's order and the next page's token, if any. */
    record Found(List<JsonNode> items, String nextToken) {
    }

    /** Reads the request's filters and paging and answers the resources of {@code ids} (all when empty) they match. */
    Uni<Found> find(Call c, List<String> ids) {
        return request(c).find(ids);
    }

    /**
     * Reads the request's filters and paging now (before anything is called, see {@link Actions}); the answer
     * finds the resources later, when the ids are known (e.g. after group names are resolved).
     */
    Request request(Call c) {
        Params p = c.params();
        Map<String, List<String>> query = new LinkedHashMap<>();
        Map<String, Predicate<String>> local = new LinkedHashMap<>();
        Map<String, Predicate<String>> all = new LinkedHashMap<>();
        for (Params.Filter f : p.filters()) {
            boolean tag = f.name().equals("tag-key") || (f.name().startsWith("tag:") && f.name().length() > 4);
            if (!tag && !known.contains(f.name())) {
                throw Views.badFilter(f.name());
            }
            List<Pattern> patterns = f.values().stream().map(CatalogActions::wildcard).toList();
            Predicate<String> any = v -> v != null && patterns.stream().anyMatch(pt -> pt.matcher(v).matches());
            all.merge(f.name(), any, Predicate::and);
            String param = rest.get(f.name());
            boolean exact = f.values().size() == 1 && !f.values().get(0).matches(".*[*?].*");
            if (param != null && exact && !query.containsKey(param)) {
                query.put(param, List.of(f.values().get(0)));
            } else {
                local.merge(f.name(), any, Predicate::and);
            }
        }
        Integer max = paged ? p.integer("MaxResults") : null;
        String next = paged ? p.string("NextToken") : null;
        if (max != null && (max < MIN || max > MAX)) {
            throw Ec2Exception.invalidValue("Value (" + max + ") for parameter MaxResults is invalid: it must be "
                    + "between " + MIN + " and " + MAX + ".");
        }
        return new Request(c, query, max, next, local, all);
    }

    /** One request's REST query, paging and the filters matched here, read from its parameters. */
    final class Request {
        private final Call c;
        private final Map<String, List<String>> query;
        private final Integer max;
        private final String next;
        private final Map<String, Predicate<String>> local;
        private final Map<String, Predicate<String>> all;

        private Request(Call c, Map<String, List<String>> query, Integer max, String next,
                Map<String, Predicate<String>> local, Map<String, Predicate<String>> all) {
            this.c = c;
            this.query = query;
            this.max = max;
            this.next = next;
            this.local = local;
            this.all = all;
        }

        Uni<Found> find(List<String> ids) {
            if (!ids.isEmpty()) {
                List<Uni<JsonNode>> each = new ArrayList<>();
                for (String id : ids) {
                    each.add(c.get(path + "/" + seg(id)));
                }
                return Uni.join().all(each).andFailFast().map(items -> new Found(matching(items, all), null));
            }
            if (local.isEmpty() && paged) {
                Map<String, List<String>> q = new LinkedHashMap<>(query);
                if (max != null) {
                    q.put("limit", List.of(String.valueOf(max)));
                }
                if (next != null) {
                    q.put("nextToken", List.of(next));
                }
                return c.get(path, q).map(page -> new Found(items(page), s(page, "nextToken")));
            }
            if (next != null && !ID.matcher(next).matches()) {
                throw new Ec2Exception(400, "InvalidNextToken", "The specified next token is not valid.");
            }
            return every(c, query, null, new ArrayList<>()).map(items -> page(matching(items, local)));
        }

        /** One page of what was matched here: the items after the token's id, at most {@code MaxResults}. */
        private Found page(List<JsonNode> matched) {
            List<JsonNode> after = new ArrayList<>();
            for (JsonNode i : matched) {
                if (next == null || id(i).compareTo(next) > 0) {
                    after.add(i);
                }
            }
            if (max == null || after.size() <= max) {
                return new Found(after, null);
            }
            List<JsonNode> shown = after.subList(0, max);
            return new Found(shown, id(shown.get(max - 1)));
        }
    }

    private String id(JsonNode item) {
        List<String> ids = fields.apply(item).get(known.get(0));
        return ids == null || ids.isEmpty() ? "" : ids.get(0);
    }

    /** Every resource of the list (every page), with the REST-side {@code query}. */
    Uni<List<JsonNode>> every(Call c, Map<String, List<String>> query, String token, List<JsonNode> into) {
        Map<String, List<String>> q = new LinkedHashMap<>(query);
        q.put("limit", List.of("1000"));
        if (token != null) {
            q.put("nextToken", List.of(token));
        }
        return c.get(path, q).chain(page -> {
            into.addAll(items(page));
            String next = s(page, "nextToken");
            return next == null ? Uni.createFrom().item(into) : every(c, query, next, into);
        });
    }

    private List<JsonNode> items(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        page.path(member).forEach(out::add);
        return out;
    }

    private List<JsonNode> matching(List<JsonNode> items, Map<String, Predicate<String>> filters) {
        if (filters.isEmpty()) {
            return items;
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode i : items) {
            Map<String, List<String>> values = fields.apply(i);
            if (filters.entrySet().stream().allMatch(e -> values.getOrDefault(e.getKey(), List.of()).stream()
                    .anyMatch(e.getValue()))) {
                out.add(i);
            }
        }
        return out;
    }

    /** An id as one path segment (encoded, so that whatever the caller sent names no other path). */
    static String seg(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A resource's filter values, built member by member (null values are left out). */
    static final class Fields {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        Fields put(String filter, String value) {
            if (value != null) {
                values.computeIfAbsent(filter, k -> new ArrayList<>()).add(value);
            }
            return this;
        }

        Fields put(String filter, JsonNode node, String field) {
            return put(filter, s(node, field));
        }

        Map<String, List<String>> map() {
            return values;
        }
    }
}
