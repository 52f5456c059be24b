package dev.haneul.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetTest {
    private static final List<String> ZONES = List.of("kr-central-1a", "kr-central-1b", "kr-central-1c");

    @Test
    void hostIdsAndRacksAreDeterministic() {
        Map<String, HostSpec> hosts = Fleet.build("agent-1", ZONES, 4, 2);
        assertEquals(12, hosts.size());
        assertEquals(new HostSpec("host-agent-1-kr-central-1b-03", "kr-central-1b", "kr-central-1b-rack-1"),
                hosts.get("host-agent-1-kr-central-1b-03"));
        assertEquals("kr-central-1c-rack-2", hosts.get("host-agent-1-kr-central-1c-04").rack());
        assertEquals(hosts, Fleet.build("agent-1", ZONES, 4, 2));
    }

    @Test
    void tenThousandHostsAreJustData() {
        Map<String, HostSpec> hosts = Fleet.build("agent-7", ZONES, 3400, 20);
        assertEquals(10_200, hosts.size());
        assertEquals("kr-central-1a-rack-20", hosts.get("host-agent-7-kr-central-1a-3400").rack());
        assertEquals(20, hosts.values().stream().filter(h -> h.availabilityZone().equals("kr-central-1c"))
                .map(HostSpec::rack).distinct().count());
    }
}
