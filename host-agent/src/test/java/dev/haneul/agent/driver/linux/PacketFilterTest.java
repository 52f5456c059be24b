package dev.haneul.agent.driver.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.agent.driver.SecurityRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the data plane: the nftables ruleset, prefixes, apt sources, guarded ranges. */
class PacketFilterTest {

    @Test
    void rulesRenderAsOneAtomicTableWithDefaultDenyInbound() {
        String nft = PacketFilter.render(List.of(SecurityRule.tcp(22, "0.0.0.0/0"),
                new SecurityRule("tcp", 8000, 8010, "10.0.1.7/24"), new SecurityRule("icmp", -1, -1, "10.0.0.0/16"),
                SecurityRule.all("172.31.0.0/16")), null);
        assertTrue(nft.startsWith("table inet haneul\ndelete table inet haneul\n"), nft);
        assertTrue(nft.contains("hook input priority filter; policy drop;"), nft);
        assertTrue(nft.contains("ct state established,related accept"), nft);
        assertTrue(nft.contains("ip saddr 0.0.0.0/0 tcp dport 22 accept"), nft);
        assertTrue(nft.contains("ip saddr 10.0.1.0/24 tcp dport 8000-8010 accept"), "prefix canonical: " + nft);
        assertTrue(nft.contains("ip saddr 10.0.0.0/16 meta l4proto icmp accept"), nft);
        assertTrue(nft.contains("ip saddr 172.31.0.0/16 accept"), nft);
        assertTrue(nft.contains("hook output priority filter; policy accept;"), "no egress rules = allow all");
        String egress = PacketFilter.render(List.of(), List.of(new SecurityRule("udp", 53, 53, "10.0.0.2/32")));
        assertTrue(egress.contains("hook output priority filter; policy drop;"), egress);
        assertTrue(egress.contains("ip daddr 10.0.0.2/32 udp dport 53 accept"), egress);
        // icmp by type and code, another protocol by its number (EC2's "47" for GRE); a name nft is not given
        assertEquals("ip saddr 10.0.0.0/16 meta l4proto icmp icmp type 8 icmp code 0 accept",
                PacketFilter.rule(new SecurityRule("icmp", 8, 0, "10.0.0.0/16"), "saddr"));
        assertEquals("ip saddr 10.0.0.0/16 meta l4proto icmp icmp type 3 accept",
                PacketFilter.rule(new SecurityRule("icmp", 3, -1, "10.0.0.0/16"), "saddr"));
        assertEquals("ip saddr 0.0.0.0/0 meta l4proto 47 accept",
                PacketFilter.rule(new SecurityRule("47", 0, 65535, "0.0.0.0/0"), "saddr"));
        assertThrows(IllegalArgumentException.class, () -> PacketFilter.rule(new SecurityRule("gre", 0, 0,
                "0.0.0.0/0"), "saddr"));
        assertThrows(IllegalArgumentException.class, () -> PacketFilter.rule(new SecurityRule("256", 0, 0,
                "0.0.0.0/0"), "saddr"));
        assertThrows(IllegalArgumentException.class, () -> PacketFilter.rule(SecurityRule.tcp(22, "10.0.0.300/8"),
                "saddr"));
    }

    @Test
    void prefixesContainTheirAddresses() {
        assertTrue(Cidr.parse("10.0.0.0/9").contains(Cidr.parse("10.0.0.0/16")));
        assertFalse(Cidr.parse("10.0.0.0/9").containsAddress("10.255.255.53"));
        assertFalse(Cidr.parse("10.0.0.0/9").contains(Cidr.parse("10.203.0.0/24")));
        assertTrue(Cidr.parse("172.16.0.0/12").contains(Cidr.parse("172.31.0.0/16")));
        assertFalse(Cidr.parse("10.0.1.0/24").contains(Cidr.parse("10.0.0.0/16")));
        assertEquals("0.0.0.0/0", Cidr.parse("1.2.3.4/0").canonical());
        assertEquals("10.0.1.1", Cidr.parse("10.0.1.0/24").router());
        assertEquals("172.31.16.1", Cidr.parse("172.31.16.0/20").router());
    }

    @Test
    void theAptMirrorIsReadFromBothSourceFormats() {
        assertEquals("http://deb.debian.org/debian", ImageStore.mirrorIn(List.of("Types: deb",
                "URIs: http://deb.debian.org/debian", "Suites: bookworm bookworm-updates", "Components: main", "",
                "Types: deb", "URIs: http://deb.debian.org/debian-security", "Suites: bookworm-security")).orElseThrow());
        assertEquals("http://mirror.example/debian", ImageStore.mirrorIn(List.of(
                "deb http://security.debian.org/debian-security bookworm-security main",
                "deb [arch=amd64] http://mirror.example/debian bookworm main")).orElseThrow());
        assertTrue(ImageStore.mirrorIn(List.of("deb https://packages.cloud.google.com/apt cloud-sdk main")).isEmpty());
    }

    @Test
    void onlySubnetsInsideTheGuardedRangesAreCovered() {
        SafetyRoutes s = new SafetyRoutes(List.of("10.0.0.0/9", "172.16.0.0/12"));
        assertTrue(s.covers("10.0.1.0/24"));
        assertTrue(s.covers("172.31.0.0/16"));
        assertFalse(s.covers("10.203.0.0/24"));
        assertFalse(s.covers("192.168.0.0/16"));
    }
}
