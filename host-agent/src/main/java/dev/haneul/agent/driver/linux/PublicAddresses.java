package dev.haneul.agent.driver.linux;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Public IPs, reachable from the host and from nowhere else. A VPC with a public address gets an uplink: a veth
 * pair {@code hnlu<8 hex of the VPC id>} in the host namespace (numbered {@value #HOST_SIDE}/32, the same on every
 * uplink) and {@code up0} in the VPC's namespace. A public IP is then three things, all idempotent: the address
 * on {@code up0} (so the VPC answers ARP for it), a host route {@code <public>/32 dev hnlu…} (more specific than
 * the pool's safety route, so that address goes to this uplink and nowhere else), and an element of the VPC's
 * {@code inet haneul_nat} map, which DNATs it to the guest's private IP.
 *
 * <p>The VPC forwards from its uplink only what was DNATed to a guest, and towards it only replies: a guest cannot
 * open a connection to the host through it. The host namespace never forwards; nothing here enables it.
 */
public final class PublicAddresses {
    /** The host's end of every uplink: link-local, never routed off the machine. */
    static final String HOST_SIDE = "169.254.200.1";
    static final String VPC_SIDE = "up0";

    /** The uplink's name in the host namespace (at most 15 characters). */
    static String uplink(String vpcId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(vpcId.getBytes(StandardCharsets.UTF_8));
            return "hnlu" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a host interface is one of the uplinks. */
    static boolean isUplink(String device) {
        return device.matches("hnlu[0-9a-f]{8}");
    }

    /** The VPC's NAT table: the public → private map, the DNAT, and what may cross the uplink. */
    static String natTable() {
        return """
                table inet haneul_nat
                delete table inet haneul_nat
                table inet haneul_nat {
                  map public { type ipv4_addr : ipv4_addr; }
                  chain prerouting {
                    type nat hook prerouting priority dstnat; policy accept;
                    iifname "up0" dnat ip to ip daddr map @public
                  }
                  chain forward {
                    type filter hook forward priority filter; policy drop;
                    iifname != "up0" oifname != "up0" accept
                    ct state established,related accept
                    iifname "up0" ct status dnat accept
                  }
                }
                """;
    }

    /** Maps {@code publicIp} to the guest's {@code privateIp} in its VPC; creates the uplink first if needed. */
    public void publish(String vpcId, String publicIp, String privateIp) {
        Cidr.parse(publicIp);
        Cidr.parse(privateIp);
        String vpc = GuestNetwork.vpcNamespace(vpcId);
        String host = uplink(vpcId);
        if (!Exec.succeeds("ip", "-n", vpc, "link", "show", VPC_SIDE)) {
            if (Exec.succeeds("ip", "link", "show", host)) {
                Exec.run("ip", "link", "del", host); // a leftover end of an earlier VPC namespace
            }
            Exec.run("ip", "link", "add", host, "type", "veth", "peer", "name", VPC_SIDE, "netns", vpc);
            Exec.run("ip", "addr", "add", HOST_SIDE + "/32", "dev", host);
            Exec.run("ip", "link", "set", host, "up");
            Exec.run("ip", "-n", vpc, "link", "set", VPC_SIDE, "up");
            Exec.run(List.of("ip", "netns", "exec", vpc, "nft", "-f", "-"), natTable());
        }
        if (!Exec.run("ip", "-n", vpc, "-4", "addr", "show", "dev", VPC_SIDE).contains(" " + publicIp + "/32 ")) {
            Exec.run("ip", "-n", vpc, "addr", "add", publicIp + "/32", "dev", VPC_SIDE);
        }
        // every time: the kernel drops the route with the device's last address (a withdrawn public IP)
        Exec.run("ip", "-n", vpc, "route", "replace", HOST_SIDE + "/32", "dev", VPC_SIDE);
        withdrawMapping(vpc, publicIp);
        Exec.run("ip", "netns", "exec", vpc, "nft", "add", "element", "inet", "haneul_nat", "public",
                "{ " + publicIp + " : " + privateIp + " }");
        Exec.run("ip", "route", "replace", publicIp + "/32", "dev", host, "src", HOST_SIDE);
    }

    /** Removes the public IP's route, address and mapping; the uplink goes with the VPC's namespace. */
    public void withdraw(String vpcId, String publicIp) {
        String vpc = GuestNetwork.vpcNamespace(vpcId);
        String host = uplink(vpcId);
        if (Exec.succeeds("ip", "route", "show", publicIp + "/32", "dev", host)
                && !Exec.run("ip", "route", "show", publicIp + "/32", "dev", host).isBlank()) {
            Exec.run("ip", "route", "del", publicIp + "/32", "dev", host);
        }
        if (!GuestNetwork.exists(vpc) || !Exec.succeeds("ip", "-n", vpc, "link", "show", VPC_SIDE)) {
            return;
        }
        if (Exec.run("ip", "-n", vpc, "-4", "addr", "show", "dev", VPC_SIDE).contains(" " + publicIp + "/32 ")) {
            Exec.run("ip", "-n", vpc, "addr", "del", publicIp + "/32", "dev", VPC_SIDE);
        }
        withdrawMapping(vpc, publicIp);
    }

    private static void withdrawMapping(String vpc, String publicIp) {
        // absent is fine: delete answers an error for an element that is not there
        Exec.attempt(List.of("ip", "netns", "exec", vpc, "nft", "delete", "element", "inet", "haneul_nat", "public",
                "{ " + publicIp + " }"), null);
    }
}
