package dev.haneul.billing.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.haneul.kit.error.ApiException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PagesTest {
    static final List<String> MONTHS = IntStream.rangeClosed(1, 12).mapToObj(m -> String.format("2026-%02d", m))
            .toList();

    @Test
    void pagesWalkTheWholeListOnce() {
        Pages.Page<String> first = Pages.page(MONTHS, Function.identity(), 5, null);
        Pages.Page<String> second = Pages.page(MONTHS, Function.identity(), 5, first.nextToken());
        Pages.Page<String> third = Pages.page(MONTHS, Function.identity(), 5, second.nextToken());
        assertEquals(MONTHS.subList(0, 5), first.items());
        assertEquals(MONTHS.subList(5, 10), second.items());
        assertEquals(MONTHS.subList(10, 12), third.items());
        assertNull(third.nextToken());
    }

    @Test
    void limitsOutsideFiveToAThousandAreRefused() {
        assertThrows(ApiException.class, () -> Pages.limit(4));
        assertThrows(ApiException.class, () -> Pages.limit(1001));
        assertThrows(ApiException.class, () -> Pages.page(MONTHS, Function.identity(), 5, "%%%"));
        assertEquals(100, Pages.limit(null));
    }
}
