package dev.haneul.agent.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.agent.driver.BootSpec;
import dev.haneul.agent.driver.DriverListener;
import dev.haneul.agent.driver.GuestSpec;
import dev.haneul.agent.driver.HypervisorDriver;
import dev.haneul.agent.driver.SecurityRule;
import dev.haneul.agent.driver.Vm;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.network.InterfaceRulesChanged;
import dev.haneul.events.network.PacketRule;
import dev.haneul.events.network.PacketRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From BootInstance to the driver's spec, and group-named rules kept resolved as members come and go. */
class GuestWiringTest {
    static final PacketRule SSH = new PacketRule("tcp", 22, 22, "0.0.0.0/0", null);
    static final PacketRule ALL_OUT = new PacketRule("-1", 0, 65535, "0.0.0.0/0", null);

    /** A driver with a data plane that records what it was asked. */
    static final class Recording implements HypervisorDriver {
        final Map<String, BootSpec> booted = new LinkedHashMap<>();
        final List<String> updates = new ArrayList<>();
        final Map<String, List<SecurityRule>> ingress = new LinkedHashMap<>();
        final boolean dataPlane;

        Recording(boolean dataPlane) {
            this.dataPlane = dataPlane;
        }

        @Override public void start(DriverListener listener) { }
        @Override public void boot(BootSpec spec) {
            booted.put(spec.instanceId(), spec);
            if (spec.guest() != null) {
                ingress.put(spec.instanceId(), spec.guest().ingress());
            }
        }
        @Override public void stop(String hostId, String instanceId, int attempt) { }
        @Override public void reboot(String hostId, String instanceId, int attempt) { }
        @Override public void destroy(String hostId, String instanceId, int attempt) { }
        @Override public void attachVolume(String hostId, String instanceId, String volumeId, String device,
                int sizeGib) { }
        @Override public void detachVolume(String hostId, String instanceId, String volumeId, String device,
                boolean force) { }
        @Override public List<Vm> list() {
            return List.of();
        }
        @Override public List<BootSpec> specs() {
            return new ArrayList<>(booted.values());
        }
        @Override public void close() { }
        @Override public boolean hasDataPlane() {
            return dataPlane;
        }
        @Override public void updateGuest(String instanceId, GuestSpec guest) {
            updates.add(instanceId);
            ingress.put(instanceId, guest.ingress());
            BootSpec s = booted.get(instanceId);
            booted.put(instanceId, new BootSpec(s.hostId(), s.instanceId(), s.accountId(), s.attempt(),
                    s.instanceType(), s.vcpus(), s.memoryMib(), s.imageId(), guest));
        }
    }

    static BootInstance boot(String id, String vpc, String ip, List<String> groups, List<PacketRule> ingress) {
        return new BootInstance("host-1", id, "123456789012", 0, "t3.micro", 2, 1024, "ami-0a1b2c3d4e5f60003", ip,
                "02:00:0a:00:01:04", List.of(new AttachedVolume("vol-1", "/dev/xvda", 12, "gp3", false, true)),
                Base64.getEncoder().encodeToString("#!/bin/sh\necho hi".getBytes()), vpc, "10.0.1.0/24", "ssh-ed25519 AAAAC3Nza user", groups,
                new PacketRules(ingress, List.of(ALL_OUT)), 0, "198.18.0.9");
    }

    @Test
    void theBootCommandBecomesAGuestSpec() {
        BootSpec s = GuestWiring.spec(boot("i-a", "vpc-1", "10.0.1.4", List.of("sg-web"), List.of(SSH)));
        GuestSpec g = s.guest();
        assertEquals("10.0.1.1", g.gatewayIp(), "EC2's router: the subnet's first address");
        assertEquals("ip-10-0-1-4", g.hostname());
        assertEquals("10.0.1.4", g.privateIp());
        assertEquals("02:00:0a:00:01:04", g.macAddress());
        assertEquals("ssh-ed25519 AAAAC3Nza user", g.publicKey());
        assertEquals("#!/bin/sh\necho hi", g.userData(), "the API's base64, decoded for the guest");
        assertEquals(12, g.rootVolumeGib());
        assertFalse(g.deleteRootOnTermination());
        assertEquals(List.of("sg-web"), g.securityGroupIds());
        assertEquals("198.18.0.9", g.publicIp());
    }

    @Test
    void aCommandWithoutANetworkGivesNoGuestSpec() {
        BootInstance b = new BootInstance("host-1", "i-a", "123456789012", 0, "t3.micro", 2, 1024, "ami-x",
                "10.0.0.5", "02:00:00:00:00:01", List.of(), null, null, null, null, List.of(), null, 0, null);
        assertNull(GuestWiring.spec(b).guest());
    }

    @Test
    void aGroupNamedInARuleAllowsItsMembersInTheSameVpcAndFollowsThem() {
        Recording driver = new Recording(true);
        GuestWiring wiring = new GuestWiring(driver);
        PacketRule fromApp = new PacketRule("tcp", 5432, 5432, null, "sg-app");
        wiring.boot(boot("i-db", "vpc-1", "10.0.1.10", List.of("sg-db"), List.of(SSH, fromApp)));
        // no member of sg-app yet: only ssh
        assertEquals(List.of(SecurityRule.tcp(22, "0.0.0.0/0")), driver.ingress.get("i-db"));

        wiring.boot(boot("i-app", "vpc-1", "10.0.1.20", List.of("sg-app"), List.of(SSH)));
        assertEquals(List.of("i-db"), driver.updates, "the database's rules follow the new member at once");
        assertEquals(List.of(SecurityRule.tcp(22, "0.0.0.0/0"), SecurityRule.tcp(5432, "10.0.1.20/32")),
                driver.ingress.get("i-db"));

        // a member of sg-app in another VPC (the same addresses may exist there) is not a peer
        wiring.boot(boot("i-other", "vpc-2", "10.0.1.30", List.of("sg-app"), List.of(SSH)));
        assertEquals(List.of("i-db"), driver.updates);

        wiring.forget("i-app");
        assertEquals(List.of("i-db", "i-db"), driver.updates);
        assertEquals(List.of(SecurityRule.tcp(22, "0.0.0.0/0")), driver.ingress.get("i-db"));
    }

    static InterfaceRulesChanged changed(String id, List<String> groups, List<PacketRule> ingress, long version) {
        return new InterfaceRulesChanged("123456789012", "eni-" + id, id, groups,
                new PacketRules(ingress, List.of(ALL_OUT)), version, Instant.now());
    }

    @Test
    void aRuleChangeReachesTheRunningGuestAtOnceAndAnOlderOneOrALaterStaleBootDoesNotUndoIt() {
        Recording driver = new Recording(true);
        GuestWiring wiring = new GuestWiring(driver);
        wiring.boot(boot("i-web", "vpc-1", "10.0.1.4", List.of("sg-web"), List.of(SSH)));
        PacketRule web = new PacketRule("tcp", 8000, 8000, "0.0.0.0/0", null);
        wiring.rulesChanged(changed("i-web", List.of("sg-web"), List.of(SSH, web), 2));
        assertEquals(List.of(SecurityRule.tcp(22, "0.0.0.0/0"), SecurityRule.tcp(8000, "0.0.0.0/0")),
                driver.ingress.get("i-web"));
        // version 1 arrives late: ignored
        wiring.rulesChanged(changed("i-web", List.of("sg-web"), List.of(SSH), 1));
        assertEquals(2, driver.ingress.get("i-web").size());
        // a start built from compute-api's older copy (version 0) keeps the newer rules
        wiring.boot(boot("i-web", "vpc-1", "10.0.1.4", List.of("sg-web"), List.of(SSH)));
        assertEquals(List.of(SecurityRule.tcp(22, "0.0.0.0/0"), SecurityRule.tcp(8000, "0.0.0.0/0")),
                driver.ingress.get("i-web"));
        // a change for a guest this agent does not hold changes nothing
        wiring.rulesChanged(changed("i-elsewhere", List.of("sg-web"), List.of(), 5));
        assertNull(driver.ingress.get("i-elsewhere"));
    }

    @Test
    void aChangeThatArrivesBeforeTheBootOfAPendingInstanceIsNotLost() {
        Recording driver = new Recording(true);
        GuestWiring wiring = new GuestWiring(driver);
        PacketRule web = new PacketRule("tcp", 8000, 8000, "0.0.0.0/0", null);
        wiring.rulesChanged(changed("i-late", List.of("sg-web"), List.of(SSH, web), 1));
        wiring.boot(boot("i-late", "vpc-1", "10.0.1.8", List.of("sg-web"), List.of(SSH))); // built from version 0
        assertEquals(List.of(SecurityRule.tcp(22, "0.0.0.0/0"), SecurityRule.tcp(8000, "0.0.0.0/0")),
                driver.ingress.get("i-late"));
        assertEquals(1, driver.booted.get("i-late").guest().rulesVersion());
    }

    @Test
    void anInterfaceMovedToAnotherGroupLeavesTheOldGroupsPeersAndJoinsTheNewOnes() {
        Recording driver = new Recording(true);
        GuestWiring wiring = new GuestWiring(driver);
        PacketRule fromApp = new PacketRule("tcp", 5432, 5432, null, "sg-app");
        wiring.boot(boot("i-db", "vpc-1", "10.0.1.10", List.of("sg-db"), List.of(fromApp)));
        wiring.boot(boot("i-x", "vpc-1", "10.0.1.20", List.of("sg-other"), List.of(SSH)));
        assertEquals(List.of(), driver.ingress.get("i-db"));
        wiring.rulesChanged(changed("i-x", List.of("sg-app"), List.of(SSH), 1));
        assertEquals(List.of(SecurityRule.tcp(5432, "10.0.1.20/32")), driver.ingress.get("i-db"));
        wiring.rulesChanged(changed("i-x", List.of("sg-other"), List.of(SSH), 2));
        assertEquals(List.of(), driver.ingress.get("i-db"));
    }

    @Test
    void aSelfReferencingGroupLetsItsMembersReachEachOther() {
        Recording driver = new Recording(true);
        GuestWiring wiring = new GuestWiring(driver);
        PacketRule fromDefault = new PacketRule("-1", 0, 65535, null, "sg-default");
        wiring.boot(boot("i-1", "vpc-1", "10.0.1.4", List.of("sg-default"), List.of(fromDefault)));
        wiring.boot(boot("i-2", "vpc-1", "10.0.1.5", List.of("sg-default"), List.of(fromDefault)));
        assertEquals(List.of(SecurityRule.all("10.0.1.4/32"), SecurityRule.all("10.0.1.5/32")),
                driver.ingress.get("i-1"));
        assertEquals(List.of(SecurityRule.all("10.0.1.4/32"), SecurityRule.all("10.0.1.5/32")),
                driver.ingress.get("i-2"));
    }

    @Test
    void aRestartedAgentResolvesFromTheSpecsTheDriverKept() {
        Recording driver = new Recording(true);
        PacketRule fromApp = new PacketRule("tcp", 5432, 5432, null, "sg-app");
        new GuestWiring(driver).boot(boot("i-db", "vpc-1", "10.0.1.10", List.of("sg-db"), List.of(fromApp)));
        GuestWiring restarted = new GuestWiring(driver);
        restarted.boot(boot("i-app", "vpc-1", "10.0.1.20", List.of("sg-app"), List.of(SSH)));
        assertEquals(List.of(SecurityRule.tcp(5432, "10.0.1.20/32")), driver.ingress.get("i-db"));
    }

    @Test
    void aDriverWithoutADataPlaneGetsThePlainSpecAndNoRuleWork() {
        Recording driver = new Recording(false);
        GuestWiring wiring = new GuestWiring(driver);
        wiring.boot(boot("i-1", "vpc-1", "10.0.1.4", List.of("sg-default"),
                List.of(new PacketRule("-1", 0, 65535, null, "sg-default"))));
        wiring.boot(boot("i-2", "vpc-1", "10.0.1.5", List.of("sg-default"),
                List.of(new PacketRule("-1", 0, 65535, null, "sg-default"))));
        assertTrue(driver.updates.isEmpty());
        assertTrue(driver.booted.get("i-1").guest() != null, "the spec still says what the guest would be");
    }
}
