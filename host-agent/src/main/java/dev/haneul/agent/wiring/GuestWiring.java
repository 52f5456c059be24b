package dev.haneul.agent.wiring;

import dev.haneul.agent.driver.BootSpec;
import dev.haneul.agent.driver.GuestSpec;
import dev.haneul.agent.driver.HypervisorDriver;
import dev.haneul.agent.driver.SecurityRule;
import dev.haneul.agent.driver.linux.Cidr;
import dev.haneul.events.host.BootInstance;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.network.InterfaceRulesChanged;
import dev.haneul.events.network.PacketRule;
import dev.haneul.events.network.PacketRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * From a {@code BootInstance} to the driver's {@link BootSpec}, and every guest's security-group rules kept
 * resolved: a rule that names a group allows the private addresses of that group's members among the guests
 * this agent holds in the same VPC. A guest booting into a group, or going away, changes the enforced rules of
 * the guests whose rules name that group; those are pushed to the driver at once ({@code updateGuest}, which also
 * keeps the declared rules and their version, so a restarted agent goes on from them). The members are the driver's
 * own kept specs, read at the first command, so a restarted agent resolves as before.
 *
 * <p>Members on another agent's machine are not known here: the rules name them only by group. One machine runs
 * one agent process (however many hosts it simulates), so within it resolution is complete.
 */
@ApplicationScoped
public class GuestWiring {
    private static final Logger LOG = Logger.getLogger(GuestWiring.class);

    private final HypervisorDriver driver;
    /** By instance id: the guests that carry wiring (a network and declared rules), in boot order. */
    private final Map<String, BootSpec> guests = new LinkedHashMap<>();
    /**
     * The latest rule change of instances this agent does not hold (yet): a change made while an instance is
     * pending may arrive before its boot, which carries the older copy. Bounded: the oldest are dropped.
     */
    private final Map<String, InterfaceRulesChanged> early = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, InterfaceRulesChanged> eldest) {
            return size() > EARLY_LIMIT;
        }
    };
    static final int EARLY_LIMIT = 10_000;
    private boolean loaded;

    public GuestWiring(HypervisorDriver driver) {
        this.driver = driver;
    }

    /** Whether rule changes matter here (a driver with a data plane); the simulated one ignores them. */
    public boolean followsRules() {
        return driver.hasDataPlane();
    }

    /** Boots the instance and updates the guests whose rules name one of its groups. */
    public synchronized void boot(BootInstance b) {
        if (!driver.hasDataPlane()) {
            driver.boot(spec(b));
            return;
        }
        load();
        BootSpec spec = spec(b);
        BootSpec known = guests.get(b.instanceId());
        InterfaceRulesChanged before = early.remove(b.instanceId());
        if (spec.guest() != null) {
            // a rule change may have overtaken this boot, which carries compute-api's copy: the newest rules win,
            // whether this agent applied them to the guest already or heard them before it held the guest
            if (known != null) {
                GuestSpec k = known.guest();
                spec = newer(spec, k.securityGroupIds(), k.declaredRules(), k.rulesVersion());
            }
            if (before != null) {
                spec = newer(spec, before.securityGroupIds(), before.rules(), before.rulesVersion());
            }
            guests.put(b.instanceId(), spec);
            spec = withResolvedRules(spec);
            guests.put(b.instanceId(), spec);
        }
        driver.boot(spec);
        if (spec.guest() != null) {
            refreshPeersOf(spec);
        }
    }

    /**
     * The rules (and groups) that apply to an instance's interface changed: a guest this agent holds takes them
     * if they are newer than its own, at once; the guests whose rules name its old or new groups follow.
     */
    public synchronized void rulesChanged(InterfaceRulesChanged e) {
        if (!driver.hasDataPlane()) {
            return;
        }
        load();
        BootSpec known = guests.get(e.instanceId());
        if (e.rules() == null) {
            return;
        }
        if (known == null) {
            InterfaceRulesChanged seen = early.get(e.instanceId());
            if (seen == null || seen.rulesVersion() < e.rulesVersion()) {
                early.put(e.instanceId(), e);
            }
            return;
        }
        if (e.rulesVersion() <= known.guest().rulesVersion()) {
            return;
        }
        guests.put(e.instanceId(), newer(known, e.securityGroupIds(), e.rules(), e.rulesVersion()));
        BootSpec updated = withResolvedRules(guests.get(e.instanceId()));
        guests.put(e.instanceId(), updated);
        push(updated, "its rules changed to version " + e.rulesVersion());
        refreshPeersOf(known);
        refreshPeersOf(updated);
    }

    /** The instance is being destroyed: it is no longer a member; the guests whose rules named its groups lose it. */
    public synchronized void forget(String instanceId) {
        if (!driver.hasDataPlane()) {
            return;
        }
        load();
        BootSpec gone = guests.remove(instanceId);
        if (gone != null) {
            refreshPeersOf(gone);
        }
    }

    /** The boot spec for the command: with a guest spec when the control plane sent the network (a subnet). */
    static BootSpec spec(BootInstance b) {
        GuestSpec guest = null;
        if (b.subnetCidr() != null && b.privateIpAddress() != null) {
            AttachedVolume root = b.volumes() == null ? null
                    : b.volumes().stream().filter(AttachedVolume::root).findFirst().orElse(null);
            guest = new GuestSpec(b.vpcId(), b.subnetCidr(), Cidr.parse(b.subnetCidr()).router(),
                    b.privateIpAddress(), b.macAddress(), GuestSpec.hostnameFor(b.privateIpAddress()), b.publicKey(),
                    userData(b.userData()), root == null ? 8 : root.sizeGib(), List.of(), List.of(),
                    root == null || root.deleteOnTermination(), b.securityGroupIds(),
                    b.rules() == null ? new PacketRules(List.of(), List.of()) : b.rules(), b.rulesVersion(),
                    b.publicIpAddress(), b.volumes() == null ? List.of() : b.volumes().stream()
                            .filter(v -> !v.root()).map(v -> new GuestSpec.DataVolume(v.volumeId(), v.deviceName(),
                                    v.sizeGib())).toList());
        }
        return new BootSpec(b.hostId(), b.instanceId(), b.accountId(), b.attempt(), b.instanceType(), b.vcpus(),
                b.memoryMib(), b.imageId(), guest);
    }

    /**
     * The user data as the guest runs it: the API takes it base64-encoded, as EC2 does; anything that is not
     * base64 is passed as it is.
     */
    static String userData(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return base64;
        }
    }

    /**
     * The rules as the data plane enforces them: each peer an address. A group peer is every member's private
     * address (/32) in the guest's VPC; a group without members here allows nothing.
     */
    static List<SecurityRule> resolve(List<PacketRule> declared, String vpcId, Iterable<BootSpec> members) {
        List<SecurityRule> out = new ArrayList<>();
        for (PacketRule r : declared) {
            if (r.cidr() != null) {
                add(out, new SecurityRule(r.protocol(), r.fromPort(), r.toPort(), r.cidr()));
            } else if (r.groupId() != null) {
                for (BootSpec m : members) {
                    GuestSpec g = m.guest();
                    if (Objects.equals(g.vpcId(), vpcId) && g.securityGroupIds().contains(r.groupId())) {
                        add(out, new SecurityRule(r.protocol(), r.fromPort(), r.toPort(), g.privateIp() + "/32"));
                    }
                }
            }
        }
        return out;
    }

    private static void add(List<SecurityRule> rules, SecurityRule r) {
        if (!rules.contains(r)) {
            rules.add(r);
        }
    }

    private BootSpec withResolvedRules(BootSpec s) {
        GuestSpec g = s.guest();
        PacketRules declared = g.declaredRules();
        return s.withGuest(g.withRules(resolve(declared.ingress(), g.vpcId(), guests.values()),
                resolve(declared.egress(), g.vpcId(), guests.values())));
    }

    /** {@code s} with these declared groups and rules if their version is higher than its own. */
    private static BootSpec newer(BootSpec s, List<String> groups, PacketRules rules, long version) {
        GuestSpec g = s.guest();
        return version <= g.rulesVersion() ? s
                : s.withGuest(g.withDeclared(groups == null ? g.securityGroupIds() : groups, rules, version));
    }

    private void push(BootSpec s, String why) {
        try {
            driver.updateGuest(s.instanceId(), s.guest());
        } catch (RuntimeException e) {
            LOG.warnf("rules of %s not updated (%s): %s", s.instanceId(), why, e.getMessage());
        }
    }

    /** Re-resolves the guests in {@code changed}'s VPC whose rules name one of its groups; pushes what moved. */
    private void refreshPeersOf(BootSpec changed) {
        GuestSpec c = changed.guest();
        for (BootSpec peer : new ArrayList<>(guests.values())) {
            GuestSpec p = peer.guest();
            if (peer.instanceId().equals(changed.instanceId()) || !Objects.equals(p.vpcId(), c.vpcId())
                    || !names(p.declaredRules(), c.securityGroupIds())) {
                continue;
            }
            BootSpec updated = withResolvedRules(peer);
            if (updated.guest().ingress().equals(p.ingress()) && Objects.equals(updated.guest().egress(), p.egress())) {
                continue;
            }
            guests.put(peer.instanceId(), updated);
            push(updated, "a member of a group its rules name changed: " + changed.instanceId());
        }
    }

    private static boolean names(PacketRules rules, List<String> groupIds) {
        return rules.ingress().stream().anyMatch(r -> r.groupId() != null && groupIds.contains(r.groupId()))
                || rules.egress().stream().anyMatch(r -> r.groupId() != null && groupIds.contains(r.groupId()));
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        for (BootSpec s : driver.specs()) {
            if (s.guest() != null && s.guest().declaredRules() != null) {
                guests.put(s.instanceId(), s);
            }
        }
    }
}
