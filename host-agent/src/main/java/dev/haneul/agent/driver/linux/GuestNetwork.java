package dev.haneul.agent.driver.linux;

import dev.haneul.agent.driver.GuestSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guests' wiring. Each VPC is its own network namespace {@code hnl-vpc-<vpc id>} holding a bridge {@code br0}
 * with every subnet's gateway (the subnet's first address) on it and forwarding on inside it only (the VPC's local
 * route between its subnets). It has no link to the host or to another VPC, so VPCs never reach each other and
 * two VPCs can use the same CIDR and the same private IPs. Each guest gets a network namespace
 * {@code hnl-i-<instance id>} owned by the host (its root cannot change its address, MAC or security groups) and
 * a veth pair: {@code eth0} in the guest with the control plane's IP and MAC and a default route via the gateway,
 * {@code hnlv<slot>} on the VPC's bridge.
 */
public final class GuestNetwork {

    public static String vpcNamespace(String vpcId) {
        return "hnl-vpc-" + vpcId;
    }

    public static String guestNamespace(String instanceId) {
        return "hnl-i-" + instanceId;
    }

    public static String bridgePort(int slot) {
        return "hnlv" + slot;
    }

    private final Map<String, Object> vpcLocks = new ConcurrentHashMap<>();

    /** Wires the guest (creating its VPC's namespace and bridge first if needed); one VPC at a time. */
    public void attach(String instanceId, int slot, GuestSpec g) {
        synchronized (vpcLocks.computeIfAbsent(g.vpcId(), k -> new Object())) {
            doAttach(instanceId, slot, g);
        }
    }

    private void doAttach(String instanceId, int slot, GuestSpec g) {
        Cidr subnet = Cidr.parse(g.subnetCidr());
        if (!subnet.containsAddress(g.privateIp()) || !subnet.containsAddress(g.gatewayIp())) {
            throw new IllegalArgumentException(g.privateIp() + " or gateway " + g.gatewayIp() + " is not in "
                    + g.subnetCidr());
        }
        String vpc = vpcNamespace(g.vpcId());
        String ns = guestNamespace(instanceId);
        String port = bridgePort(slot);
        if (!exists(vpc)) {
            Exec.run("ip", "netns", "add", vpc);
            Exec.run("ip", "-n", vpc, "link", "set", "lo", "up");
            Exec.run("ip", "-n", vpc, "link", "add", "br0", "type", "bridge");
            Exec.run("ip", "-n", vpc, "link", "set", "br0", "up");
            Exec.run("ip", "netns", "exec", vpc, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        }
        String gw = g.gatewayIp() + "/" + subnet.prefix();
        if (!Exec.run("ip", "-n", vpc, "-4", "addr", "show", "dev", "br0").contains(" " + gw + " ")) {
            Exec.run("ip", "-n", vpc, "addr", "add", gw, "dev", "br0");
        }
        doDetach(instanceId, slot, g.vpcId(), false);
        Exec.run("ip", "netns", "add", ns);
        Exec.run("ip", "-n", ns, "link", "set", "lo", "up");
        // the guest's root is not root of this namespace: let it bind port 22 and ping
        Exec.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_unprivileged_port_start=0",
                "net.ipv4.ping_group_range=0 2147483647");
        Exec.run("ip", "-n", vpc, "link", "add", port, "type", "veth", "peer", "name", "eth0", "address",
                g.macAddress(), "netns", ns);
        Exec.run("ip", "-n", vpc, "link", "set", port, "master", "br0", "up");
        Exec.run("ip", "-n", ns, "addr", "add", g.privateIp() + "/" + subnet.prefix(), "dev", "eth0");
        Exec.run("ip", "-n", ns, "link", "set", "eth0", "up");
        Exec.run("ip", "-n", ns, "route", "add", "default", "via", g.gatewayIp());
    }

    /**
     * Removes the guest's namespace (its veth pair goes with it) and, when {@code dropEmptyVpc}, the VPC's
     * namespace once no guest port is left on its bridge. Idempotent.
     */
    public void detach(String instanceId, int slot, String vpcId, boolean dropEmptyVpc) {
        synchronized (vpcLocks.computeIfAbsent(vpcId, k -> new Object())) {
            doDetach(instanceId, slot, vpcId, dropEmptyVpc);
        }
    }

    private void doDetach(String instanceId, int slot, String vpcId, boolean dropEmptyVpc) {
        String ns = guestNamespace(instanceId);
        String vpc = vpcNamespace(vpcId);
        // the bridge port first: deleting one end of the pair removes both at once, whereas a deleted namespace's
        // devices go away later, asynchronously, in the kernel's namespace clean-up
        String port = bridgePort(slot);
        if (exists(vpc) && Exec.succeeds("ip", "-n", vpc, "link", "show", port)) {
            Exec.Result r = Exec.attempt(List.of("ip", "-n", vpc, "link", "del", port), null);
            if (r.exitCode() != 0 && Exec.succeeds("ip", "-n", vpc, "link", "show", port)) {
                throw new IllegalStateException("cannot delete " + port + " in " + vpc + ": " + r.stderr().strip());
            }
        }
        if (exists(ns)) {
            Exec.run("ip", "netns", "del", ns);
        }
        if (dropEmptyVpc && exists(vpc) && Exec.run("ip", "-n", vpc, "-o", "link", "show", "master", "br0")
                .isBlank()) {
            // the uplink's host end first, for the same reason as the bridge port above
            String uplink = PublicAddresses.uplink(vpcId);
            if (Exec.succeeds("ip", "link", "show", uplink)) {
                Exec.run("ip", "link", "del", uplink);
            }
            Exec.run("ip", "netns", "del", vpc);
        }
    }

    static boolean exists(String netns) {
        return Files.exists(Path.of("/run/netns", netns));
    }
}
