package dev.haneul.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void idsHaveEc2sShapeAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.newId("i");
            assertTrue(id.matches("i-[0-9a-f]{17}"), id);
            assertTrue(seen.add(id));
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void wellFormedAcceptsShortAndLongFormsOnly() {
        assertTrue(Ids.isWellFormed("i", "i-0123456789abcdef0"));
        assertTrue(Ids.isWellFormed("i", "i-01234567"));
        assertFalse(Ids.isWellFormed("i", "i-0123456789ABCDEF0"));
        assertFalse(Ids.isWellFormed("i", "vol-0123456789abcdef0"));
        assertFalse(Ids.isWellFormed("i", null));
    }
}
