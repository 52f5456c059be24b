package dev.haneul.network.securitygroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.haneul.kit.error.ApiException;
import dev.haneul.network.securitygroup.api.IpPermission;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSpecTest {

    static IpPermission perm(String protocol, Integer from, Integer to, String cidr) {
        return new IpPermission(protocol, from, to, List.of(new IpPermission.IpRange(cidr, null)), null);
    }

    @Test
    void normalisesProtocolsAndCidrs() {
        RuleSpec tcp = RuleSpec.of(List.of(perm("6", 22, 22, "10.1.2.3/8"))).get(0);
        assertEquals("tcp", tcp.protocol());
        assertEquals("10.0.0.0/8", tcp.cidr());
        RuleSpec all = RuleSpec.of(List.of(perm("all", 1, 2, "0.0.0.0/0"))).get(0);
        assertEquals("-1", all.protocol());
        assertNull(all.fromPort(), "ports do not apply to all protocols");
        assertEquals("47", RuleSpec.of(List.of(perm("47", null, null, "0.0.0.0/0"))).get(0).protocol());
        assertEquals(-1, RuleSpec.of(List.of(perm("icmp", null, null, "0.0.0.0/0"))).get(0).toPort());
    }

    @Test
    void refusesBadPortsProtocolsAndSources() {
        assertThrows(ApiException.class, () -> RuleSpec.of(List.of(perm("tcp", 80, 79, "0.0.0.0/0"))));
        assertThrows(ApiException.class, () -> RuleSpec.of(List.of(perm("tcp", null, 80, "0.0.0.0/0"))));
        assertThrows(ApiException.class, () -> RuleSpec.of(List.of(perm("udp", 0, 65536, "0.0.0.0/0"))));
        assertThrows(ApiException.class, () -> RuleSpec.of(List.of(perm("256", null, null, "0.0.0.0/0"))));
        assertThrows(ApiException.class, () -> RuleSpec.of(List.of(perm("tcp", 1, 2, "10.0.0.1"))));
        assertThrows(ApiException.class, () -> RuleSpec.of(List.of(new IpPermission("tcp", 1, 2, null, null))));
    }

    @Test
    void oneRulePerSource() {
        IpPermission p = new IpPermission("tcp", 443, 443, List.of(new IpPermission.IpRange("10.0.0.0/8", "a"),
                new IpPermission.IpRange("192.168.0.0/16", "b")),
                List.of(new IpPermission.UserIdGroupPair("sg-0123456789abcdef0", "c")));
        List<RuleSpec> specs = RuleSpec.of(List.of(p));
        assertEquals(3, specs.size());
        assertEquals(3, specs.stream().map(RuleSpec::key).distinct().count());
    }
}
