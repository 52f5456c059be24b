package dev.haneul.agent.driver.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The first safety requirement: guest and public addresses never leave the machine. Before any guest network
 * exists, every configured range gets an {@code unreachable} route in the host's network namespace, so that a
 * packet to a guest address outside the project's namespaces fails on the host instead of following the default
 * route off the machine. A guest subnet not covered by one of these ranges is refused.
 */
public final class SafetyRoutes {
    private static final Logger LOG = Logger.getLogger(SafetyRoutes.class);
    private final List<String> cidrs;

    public SafetyRoutes(List<String> cidrs) {
        this.cidrs = List.copyOf(cidrs);
    }

    /**
     * Installs the missing routes (idempotent). Refuses a range that would cut the host off from something it uses:
     * one of its own addresses, a nameserver, or a more specific route through a real interface (e.g. a package
     * mirror's address routed via eth0).
     */
    public void ensure() {
        String routes = Exec.run("ip", "-4", "route", "show", "type", "unreachable");
        List<String> used = hostAddresses();
        for (String cidr : cidrs) {
            Cidr c = Cidr.parse(cidr);
            for (String a : used) {
                if (c.containsAddress(a.contains("/") ? a.substring(0, a.indexOf('/')) : a)) {
                    throw new IllegalStateException("an unreachable route for " + cidr + " would cut the host off "
                            + a + " (in use here); guard more specific ranges (haneul.agent.linux.unreachable-routes)");
                }
            }
            if (!routes.lines().anyMatch(l -> l.strip().equals("unreachable " + cidr)
                    || l.strip().startsWith("unreachable " + cidr + " "))) {
                LOG.infof("safety: ip route add unreachable %s (host namespace)", cidr);
                Exec.run("ip", "route", "add", "unreachable", cidr);
            }
        }
    }

    /**
     * Addresses the host uses: its own, its nameservers, and destinations and gateways of its real routes (not the
     * public IPs' routes through the VPC uplinks, which are this driver's own, see {@link PublicAddresses}).
     */
    static List<String> hostAddresses() {
        List<String> out = new ArrayList<>();
        for (String l : Exec.run("ip", "-4", "-o", "addr", "show").lines().toList()) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 3 && !f[3].startsWith("127.")) {
                out.add(f[3]);
            }
        }
        for (String l : Exec.run("ip", "-4", "route", "show", "table", "all").lines().toList()) {
            String[] f = l.trim().split("\\s+");
            int dev = Arrays.asList(f).indexOf("dev");
            if (dev >= 0 && dev + 1 < f.length && PublicAddresses.isUplink(f[dev + 1])) {
                continue;
            }
            if (f.length == 0 || f[0].equals("unreachable") || f[0].equals("blackhole") || f[0].equals("prohibit")
                    || f[0].equals("local") || f[0].equals("broadcast") || f[0].equals("default")
                    || f[0].equals("multicast")) {
                if (f.length > 2 && f[0].equals("default") && f[1].equals("via")) {
                    out.add(f[2]);
                }
                continue;
            }
            if (f[0].matches("[0-9.]+(/32)?")) {
                out.add(f[0]);
            }
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals("via")) {
                    out.add(f[i + 1]);
                }
            }
        }
        try {
            for (String l : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] f = l.trim().split("\\s+");
                if (f.length > 1 && f[0].equals("nameserver") && f[1].matches("[0-9.]+")) {
                    out.add(f[1]);
                }
            }
        } catch (IOException e) {
            // no resolv.conf: nothing to protect
        }
        return out;
    }

    /** Whether {@code subnet} lies inside one of the guarded ranges. */
    public boolean covers(String subnet) {
        return cidrs.stream().anyMatch(c -> Cidr.parse(c).contains(Cidr.parse(subnet)));
    }

    public List<String> cidrs() {
        return cidrs;
    }
}
