package dev.haneul.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressBlockTest {

    @Test
    void skipsTheFiveReservedAddresses() {
        AddressBlock b = AddressBlock.subnet("10.0.0.0/24");
        assertEquals(Optional.of("10.0.0.4"), b.lowestFree(Set.of()));
        assertFalse(b.isAssignable("10.0.0.0"));
        assertFalse(b.isAssignable("10.0.0.1"));
        assertFalse(b.isAssignable("10.0.0.2"));
        assertFalse(b.isAssignable("10.0.0.3"));
        assertFalse(b.isAssignable("10.0.0.255"));
        assertTrue(b.isAssignable("10.0.0.254"));
        assertEquals(251, b.usableCount());
    }

    @Test
    void handsOutTheLowestFreeAddress() {
        AddressBlock b = AddressBlock.subnet("10.0.0.0/24");
        assertEquals(Optional.of("10.0.0.6"), b.lowestFree(Set.of("10.0.0.4", "10.0.0.5", "10.0.0.7")));
    }

    @Test
    void onlyAnAddressInsideAndNotReservedIsAssignable() {
        AddressBlock b = AddressBlock.subnet("10.0.1.0/24");
        assertTrue(b.isAssignable("10.0.1.77"));
        assertTrue(b.isAssignable("10.0.1.4") && b.isAssignable("10.0.1.254"), "the first and last assignable");
        assertFalse(b.isAssignable("10.0.2.77"), "outside");
        for (String reserved : new String[] { "10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255" }) {
            assertFalse(b.isAssignable(reserved), reserved);
        }
        assertFalse(b.isAssignable("not-an-ip"));
        assertFalse(b.isAssignable("10.0.1.5/24"), "a block is not an address");
    }

    @Test
    void aFullSlash28HasElevenAddressesThenNothing() {
        AddressBlock b = AddressBlock.subnet("10.0.0.16/28");
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < 11; i++) {
            taken.add(b.lowestFree(taken).orElseThrow());
        }
        assertEquals(11, b.usableCount());
        assertEquals(Optional.empty(), b.lowestFree(taken));
        assertTrue(taken.contains("10.0.0.20") && taken.contains("10.0.0.30") && !taken.contains("10.0.0.31"));
    }

    @Test
    void canonicalisesAndRejectsBadBlocks() {
        assertEquals("100.68.0.0/18", AddressBlock.canonical("100.68.0.18/18"));
        assertThrows(IllegalArgumentException.class, () -> AddressBlock.canonical("10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> AddressBlock.canonical("300.0.0.0/16"));
        assertThrows(IllegalArgumentException.class, () -> AddressBlock.canonical("fe80::/64"));
    }

    @Test
    void dividesTheDefaultVpcIntoSlash20s() {
        assertEquals(List.of("172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20"),
                AddressBlock.subBlocks("172.31.0.0/16", 20, 3));
    }

    @Test
    void aPublicPoolSkipsOnlyNetworkAndBroadcast() {
        AddressBlock pool = AddressBlock.pool("203.0.113.0/24");
        assertEquals(254, pool.usableCount());
        assertEquals(Optional.of("203.0.113.1"), pool.lowestFree(Set.of()));
    }

    @Test
    void overlapAndEnclosure() {
        AddressBlock vpc = AddressBlock.subnet("10.0.0.0/16");
        assertTrue(vpc.encloses(AddressBlock.subnet("10.0.5.0/24")));
        assertFalse(vpc.encloses(AddressBlock.subnet("10.1.0.0/24")));
        assertTrue(AddressBlock.subnet("10.0.0.0/24").overlaps(AddressBlock.subnet("10.0.0.128/25")));
        assertFalse(AddressBlock.subnet("10.0.0.0/25").overlaps(AddressBlock.subnet("10.0.0.128/25")));
    }
}
