package dev.haneul.kit.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.kit.error.ApiException;
import io.quarkus.panache.common.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageRequestTest {
    static final List<String> MONTHS = IntStream.rangeClosed(1, 12).mapToObj(m -> String.format("2026-%02d", m))
            .toList();
    static final List<String> IDS = IntStream.range(0, 12).mapToObj(i -> String.format("vol-%017x", i)).toList();

    @Test
    void keysetPagesWalkTheWholeListOnce() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            PageRequest paging = PageRequest.byId(5, token);
            // what the database answers to "ids after the token's, fetchSize() of them"
            List<String> fetched = IDS.stream().filter(id -> paging.first() || id.compareTo(paging.after(0)) > 0)
                    .limit(paging.fetchSize()).toList();
            Page<String> page = paging.pageById(fetched, Function.identity(), Function.identity());
            seen.addAll(page.items());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(IDS, seen);
        assertEquals(3, pages);
    }

    @Test
    void aListHeldInMemoryPagesTheSameWay() {
        PageRequest first = PageRequest.of(5, null, PageRequest.MAX, key -> key.size() == 1);
        Page<String> one = first.slice(MONTHS, Function.identity());
        Page<String> two = PageRequest.of(5, one.nextToken(), PageRequest.MAX, key -> true).slice(MONTHS,
                Function.identity());
        Page<String> three = PageRequest.of(5, two.nextToken(), PageRequest.MAX, key -> true).slice(MONTHS,
                Function.identity());
        assertEquals(MONTHS.subList(0, 5), one.items());
        assertEquals(MONTHS.subList(5, 10), two.items());
        assertEquals(MONTHS.subList(10, 12), three.items());
        assertNull(three.nextToken());
    }

    @Test
    void aBadLimitIsInvalidParameterValue() {
        for (int limit : new int[] {4, 1001, 0, -1}) {
            ApiException e = assertThrows(ApiException.class, () -> PageRequest.byId(limit, null));
            assertEquals("InvalidParameterValue", e.code());
            assertEquals(400, e.status());
        }
        assertEquals(1000, PageRequest.byId(null, null).limit());
        assertEquals(5, PageRequest.byId(5, null).limit());
    }

    @Test
    void aTokenNoListProducedIsInvalidNextToken() {
        String wrongShape = PageRequest.token(List.of("not-an-id"));
        String twoParts = PageRequest.token(List.of("vol-0123456789abcdef0", "x"));
        for (String token : new String[] {"%%%", "!!", wrongShape, twoParts, PageRequest.token(List.of("", "a"))}) {
            ApiException e = assertThrows(ApiException.class, () -> PageRequest.byId(null, token));
            assertEquals("InvalidNextToken", e.code(), token);
            assertEquals(400, e.status());
        }
        assertEquals(List.of("vol-0123456789abcdef0"),
                PageRequest.byId(null, PageRequest.token(List.of("vol-0123456789abcdef0"))).after());
    }

    @Test
    void theKeysetConditionOrdersByEveryFieldInTurn() {
        PageRequest paging = PageRequest.of(5, PageRequest.token(List.of("a", "b", "c")), 1000, key -> true);
        Parameters p = new Parameters();
        assertEquals("((x > :after0 or (x = :after0 and (y > :after1 or (y = :after1 and z > :after2)))))",
                paging.keysetCondition(p, List.of("x", "y", "z"), paging.after()));
        assertEquals("b", p.map().get("after1"));
        assertNull(PageRequest.byId(5, null).keysetCondition(new Parameters(), "id"));
    }

    @Test
    void theKeysetQueryFiltersOnTheGivenFieldsOnly() {
        PageRequest.Keyset first = PageRequest.byId(5, null).keyset("id", "accountId", "123", "vpcId", null);
        assertEquals("accountId = :p0 order by id", first.query());
        PageRequest.Keyset next = PageRequest.byId(5, PageRequest.token(List.of("vpc-0123456789abcdef0")))
                .keyset("id", "accountId", "123", "vpcId", "vpc-0123456789abcdef1");
        assertEquals("accountId = :p0 and vpcId = :p1 and (id > :after0) order by id", next.query());
        assertTrue(next.params().map().containsKey("after0"));
    }
}
