package dev.haneul.ec2.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.rest.RestApi;
import dev.haneul.ec2.sigv4.Authenticator.Principal;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which filters go to the REST list and which are matched here, and how each way pages: against a REST API that
 * answers canned pages and records what it was asked.
 */
class ListingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Vertx vertx;

    /** Subnets a, b, c (REST order), in two REST pages when read 1000 at a time (the second page holds c). */
    private static final Listing SUBNETS = new Listing("/v1/subnets", "subnets", true,
            List.of("subnet-id", "vpc-id", "cidr-block"), Map.of("vpc-id", "vpcId"),
            n -> new Listing.Fields().put("subnet-id", n, "subnetId").put("vpc-id", n, "vpcId")
                    .put("cidr-block", n, "cidrBlock").map());

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    /** Records each call; answers a subnet for a GET by id and the canned pages for the list. */
    static final class FakeApi extends RestApi {
        final List<String> calls = new ArrayList<>();

        FakeApi() {
            super(vertx, JSON, "http://127.0.0.1:1", "http://127.0.0.1:1", Duration.ofSeconds(1));
        }

        @Override
        public Uni<JsonNode> call(HttpMethod method, String path, Map<String, List<String>> query, Object body,
                String token, String requestId) {
            return Uni.createFrom().item(() -> answer(method, path, query));
        }

        private JsonNode answer(HttpMethod method, String path, Map<String, List<String>> query) {
            calls.add(method + " " + path + (query == null ? "" : " " + query));
            String answer;
            if (!path.equals("/v1/subnets")) {
                String id = path.substring(path.lastIndexOf('/') + 1);
                answer = subnet(id, "vpc-1", "10.0.0.0/24");
            } else if (query.containsKey("nextToken") && query.get("nextToken").get(0).equals("rest-2")) {
                answer = "{\"subnets\":[" + subnet("subnet-c", "vpc-2", "10.2.0.0/24") + "]}";
            } else {
                answer = "{\"subnets\":[" + subnet("subnet-a", "vpc-1", "10.0.0.0/24") + ","
                        + subnet("subnet-b", "vpc-1", "10.1.0.0/24") + "],\"nextToken\":\"rest-2\"}";
            }
            try {
                return JSON.readTree(answer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static String subnet(String id, String vpc, String cidr) {
            return "{\"subnetId\":\"" + id + "\",\"vpcId\":\"" + vpc + "\",\"cidrBlock\":\"" + cidr + "\"}";
        }
    }

    private static Call call(FakeApi api, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new Call("DescribeSubnets", Params.of(m),
                new Principal("123456789012", "AKIA", false, "t", Instant.EPOCH), "r", api);
    }

    private static List<String> ids(Listing.Found f) {
        return f.items().stream().map(n -> n.path("subnetId").asText()).toList();
    }

    @Test
    void anExactFilterTheListHonoursGoesToItWithThePaging() {
        FakeApi api = new FakeApi();
        Call c = call(api, "Filter.1.Name", "vpc-id", "Filter.1.Value.1", "vpc-1", "MaxResults", "5");
        Uni<Listing.Found> found = SUBNETS.find(c, List.of());
        c.params().rejectUnknown();
        assertEquals(List.of(), api.calls, "nothing is called before the answer is subscribed to");
        Listing.Found f = found.await().indefinitely();
        assertEquals(List.of("GET /v1/subnets {vpcId=[vpc-1], limit=[5]}"), api.calls);
        assertEquals(List.of("subnet-a", "subnet-b"), ids(f));
        assertEquals("rest-2", f.nextToken());
    }

    @Test
    void wildcardsAndFiltersTheListLacksAreMatchedHereOverEveryPage() {
        FakeApi api = new FakeApi();
        Call c = call(api, "Filter.1.Name", "cidr-block", "Filter.1.Value.1", "10.*",
                "Filter.2.Name", "vpc-id", "Filter.2.Value.1", "vpc-1", "Filter.2.Value.2", "vpc-2");
        Listing.Found f = SUBNETS.find(c, List.of()).await().indefinitely();
        c.params().rejectUnknown();
        assertEquals(List.of("GET /v1/subnets {limit=[1000]}", "GET /v1/subnets {limit=[1000], nextToken=[rest-2]}"),
                api.calls);
        assertEquals(List.of("subnet-a", "subnet-b", "subnet-c"), ids(f));
        assertNull(f.nextToken());
        f = SUBNETS.find(call(api, "Filter.1.Name", "cidr-block", "Filter.1.Value.1", "10.?.0.0/24",
                "Filter.2.Name", "cidr-block", "Filter.2.Value.1", "*.1.*"), List.of()).await().indefinitely();
        assertEquals(List.of("subnet-b"), ids(f), "two filters of one name must both match");
    }

    @Test
    void matchesMadeHerePageByIdWithMaxResults() {
        FakeApi api = new FakeApi();
        List<Listing.Found> pages = new ArrayList<>();
        String token = null;
        do {
            List<String> kv = new ArrayList<>(List.of("Filter.1.Name", "cidr-block", "Filter.1.Value.1", "10.*",
                    "MaxResults", "5"));
            if (token != null) {
                kv.addAll(List.of("NextToken", token));
            }
            Listing.Found f = SUBNETS.find(call(api, kv.toArray(String[]::new)), List.of()).await().indefinitely();
            pages.add(f);
            token = f.nextToken();
        } while (token != null);
        assertEquals(1, pages.size(), "three matches fit in a page of five");
        assertEquals(List.of("subnet-b", "subnet-c"), ids(SUBNETS.find(call(api, "Filter.1.Name", "cidr-block",
                "Filter.1.Value.1", "10.*", "NextToken", "subnet-a"), List.of()).await().indefinitely()));
        Ec2Exception bad = assertThrows(Ec2Exception.class, () -> SUBNETS.find(call(api, "Filter.1.Name",
                "cidr-block", "Filter.1.Value.1", "10.*", "NextToken", "rest-2!"), List.of()));
        assertEquals("InvalidNextToken", bad.code());
        bad = assertThrows(Ec2Exception.class, () -> SUBNETS.find(call(api, "MaxResults", "4"), List.of()));
        assertEquals("InvalidParameterValue", bad.code());
    }

    @Test
    void idsAreReadOneByOneAndFilteredHere() {
        FakeApi api = new FakeApi();
        Listing.Found f = SUBNETS.find(call(api, "Filter.1.Name", "vpc-id", "Filter.1.Value.1", "vpc-1"),
                List.of("subnet-x", "../instances")).await().indefinitely();
        assertEquals(List.of("GET /v1/subnets/subnet-x", "GET /v1/subnets/..%2Finstances"), api.calls);
        assertEquals(2, f.items().size());
        f = SUBNETS.find(call(api, "Filter.1.Name", "vpc-id", "Filter.1.Value.1", "vpc-9"), List.of("subnet-x"))
                .await().indefinitely();
        assertEquals(List.of(), f.items());
    }

    @Test
    void tagFiltersMatchNothingAndUnknownFiltersAreEc2sError() {
        FakeApi api = new FakeApi();
        Listing.Found f = SUBNETS.find(call(api, "Filter.1.Name", "tag:Name", "Filter.1.Value.1", "*"), List.of())
                .await().indefinitely();
        assertEquals(List.of(), f.items());
        FakeApi fresh = new FakeApi();
        Ec2Exception e = assertThrows(Ec2Exception.class, () -> SUBNETS.find(call(fresh, "Filter.1.Name", "bogus",
                "Filter.1.Value.1", "x"), List.of()));
        assertEquals("InvalidParameterValue", e.code());
        assertEquals("The filter 'bogus' is invalid", e.getMessage());
        assertEquals(List.of(), fresh.calls);
    }
}
