package dev.haneul.agent.driver.linux;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.haneul.agent.driver.BootSpec;
import dev.haneul.agent.driver.DriverListener;
import dev.haneul.agent.driver.GuestSpec;
import dev.haneul.agent.driver.SecurityRule;
import dev.haneul.agent.driver.StateStore;
import dev.haneul.agent.driver.Vm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real guests on this host (run as root, as CI does): four instances from the Debian 12 image in two VPCs that use
 * the same CIDR, reached with ssh from inside their VPC's namespace. A missing kernel feature or tool fails the
 * test and names it. Every denial sits next to a positive control. Waits are conditions with deadlines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinuxDriverTest {
    /** The ranges this test guards in the host namespace (10.0.0.0/9, not /8: the nameserver is 10.255.255.53). */
    static final List<String> GUARDED = List.of("10.0.0.0/9", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
            "198.18.0.0/15");
    static final Path STATE = Path.of("/var/lib/haneul-test");
    static final String VPC_A = "vpc-test-a";
    static final String VPC_B = "vpc-test-b";
    static final Duration BOOT = Duration.ofSeconds(90);
    static final Path IMAGES = Path.of("/var/cache/haneul/images");

    final Map<String, Vm> booted = new ConcurrentHashMap<>();
    final Map<String, String> failed = new ConcurrentHashMap<>();
    final List<String> poweredOff = new CopyOnWriteArrayList<>();
    final List<String> destroyed = new CopyOnWriteArrayList<>();
    final List<String> attached = new CopyOnWriteArrayList<>();
    final List<String> detached = new CopyOnWriteArrayList<>();
    final Map<String, Long> bootMillis = new ConcurrentHashMap<>();
    final DriverListener listener = new DriverListener() {
        @Override
        public void booted(Vm vm) {
            booted.put(vm.instanceId(), vm);
        }

        @Override
        public void poweredOff(Vm vm) {
            poweredOff.add(vm.instanceId());
        }

        @Override
        public void destroyed(String hostId, String instanceId, int attempt) {
            destroyed.add(instanceId);
        }

        @Override
        public void volumeAttached(String hostId, String instanceId, String volumeId, String device) {
            attached.add(instanceId + "/" + volumeId);
        }

        @Override
        public void volumeDetached(String hostId, String instanceId, String volumeId, String device) {
            detached.add(instanceId + "/" + volumeId);
        }

        @Override
        public void bootFailed(String hostId, String instanceId, int attempt, String code, String message) {
            failed.put(instanceId, String.valueOf(message));
        }
        };
    LinuxDriver driver;
    Path keys;
    String hostStateBefore;
    final Map<String, BootSpec> specs = new ConcurrentHashMap<>();

    @BeforeAll
    void bootFourGuests() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("LinuxDriverTest needs root (namespaces, mounts, loop devices, cgroups)");
        }
        Exec.run("rm", "-rf", STATE.toString());
        hostStateBefore = hostState();
        keys = Files.createTempDirectory("haneul-keys");
        Exec.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys.resolve("good").toString());
        Exec.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys.resolve("other").toString());
        driver = newDriver();
        driver.refusal().ifPresent(r -> fail("this host cannot run real guests: " + r));
        // on a fresh machine the image is built first (debootstrap, niced: minutes on a busy machine); the boots'
        // deadline below is the boots' alone
        long built = System.nanoTime();
        new ImageStore(IMAGES, Optional.empty()).ensure(ImageStore.DEBIAN_12);
        System.out.printf("[linux-driver] image %s ready after %d ms%n", ImageStore.DEBIAN_12,
                (System.nanoTime() - built) / 1_000_000);
        driver.start(listener);
        String key = Files.readString(keys.resolve("good.pub"));
        String userData = "#!/bin/sh\ncd /tmp && exec python3 -m http.server 8000\n";
        List<SecurityRule> ssh = List.of(SecurityRule.tcp(22, "0.0.0.0/0"));
        spec("i-test-a", VPC_A, "10.0.1.4", "02:00:0a:00:01:04", key, userData, ssh, "198.18.0.4");
        spec("i-test-b", VPC_A, "10.0.1.5", "02:00:0a:00:01:05", key, null, ssh, null);
        spec("i-test-c", VPC_B, "10.0.1.4", "02:00:0a:00:01:04", key, null, ssh, "198.18.0.5");
        spec("i-test-d", VPC_B, "10.0.1.6", "02:00:0a:00:01:06", key, null, ssh, null);
        BootSpec d = specs.get("i-test-d"); // D keeps its root volume on terminate (deleteOnTermination false)
        GuestSpec dg = d.guest();
        specs.put("i-test-d", new BootSpec(d.hostId(), d.instanceId(), d.accountId(), 0, d.instanceType(), d.vcpus(),
                d.memoryMib(), d.imageId(), new GuestSpec(dg.vpcId(), dg.subnetCidr(), dg.gatewayIp(), dg.privateIp(),
                        dg.macAddress(), dg.hostname(), dg.publicKey(), dg.userData(), dg.rootVolumeGib(),
                        dg.ingress(), dg.egress(), false)));
        long t0 = System.nanoTime();
        specs.values().forEach(driver::boot);
        await().atMost(BOOT).until(() -> booted.size() + failed.size() == 4);
        assertEquals(Map.of(), failed, "boots failed");
        bootMillis.put("all four", (System.nanoTime() - t0) / 1_000_000);
        System.out.printf("[linux-driver] four guests running (sshd listening) %d ms after the boot calls%n",
                bootMillis.get("all four"));
    }

    private static LinuxDriver newDriver() {
        return new LinuxDriver(new LinuxSettings(STATE, IMAGES, Optional.empty(),
                100000, GUARDED, Duration.ofSeconds(60), Path.of("/sys/fs/cgroup"),
                Map.of("ami-debian-12", ImageStore.DEBIAN_12), Optional.of(STATE.resolve("blocks"))),
                new StateStore(STATE.resolve("agent.json")));
    }

    private void spec(String id, String vpc, String ip, String mac, String key, String userData,
            List<SecurityRule> ingress, String publicIp) {
        GuestSpec g = new GuestSpec(vpc, "10.0.1.0/24", "10.0.1.1", ip, mac, GuestSpec.hostnameFor(ip), key, userData,
                2, ingress, null, true, List.of(), null, 0, publicIp, List.of());
        specs.put(id, new BootSpec("host-test", id, "123456789012", 0, "t3.micro", 2, 1024, "ami-debian-12", g));
    }

    @AfterAll
    void cleanUp() {
        if (driver != null) {
            for (String id : specs.keySet()) {
                if (!destroyed.contains(id)) {
                    driver.destroy("host-test", id, 0);
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> destroyed.containsAll(specs.keySet()));
            driver.close();
        }
        Exec.run("rm", "-rf", STATE.toString());
    }

    @Test
    @Order(1)
    void sshWithTheKeyPairAnswersTheHostnameAndAnotherKeyIsRefused() {
        assertEquals("ip-10-0-1-4 i-test-a", ssh(VPC_A, "10.0.1.4", "good", "echo $(hostname) $(cat /run/haneul/instance-id)").stdout().strip());
        Exec.Result other = ssh(VPC_A, "10.0.1.4", "other", "hostname");
        assertNotEquals(0, other.exitCode());
        assertTrue(other.stderr().contains("Permission denied"), other.stderr());
        // password login is off: sshd offers publickey only
        Exec.Result pw = sshRaw(VPC_A, "10.0.1.4", List.of("-o", "PreferredAuthentications=password",
                "-o", "PubkeyAuthentication=no"), "hostname");
        assertNotEquals(0, pw.exitCode());
        assertTrue(pw.stderr().contains("Permission denied (publickey)"), pw.stderr());
    }

    @Test
    @Order(2)
    void theConsoleShowsTheHostKeyFingerprintsThatSshSees() {
        String console = driver.consoleOutput("i-test-a");
        assertTrue(console.contains("-----BEGIN SSH HOST KEY FINGERPRINTS-----"), console);
        assertTrue(console.contains("-----END SSH HOST KEY KEYS-----"), console);
        String scanned = Exec.run("ip", "netns", "exec", GuestNetwork.vpcNamespace(VPC_A), "ssh-keyscan", "-t",
                "ed25519", "10.0.1.4");
        Path f = keys.resolve("scanned");
        try {
            Files.writeString(f, scanned);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String fingerprint = Exec.run("ssh-keygen", "-l", "-f", f.toString()).split("\\s+")[1];
        assertTrue(console.contains(fingerprint + " root@ip-10-0-1-4 (ED25519)"), fingerprint + " not in " + console);
    }

    @Test
    @Order(3)
    void securityGroupsOpenAndCloseAPortAtomically() {
        // positive control: user data's web server answers inside the guest
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                ssh(VPC_A, "10.0.1.4", "good", "curl -s -o /dev/null -w '%{http_code}' localhost:8000").stdout().equals("200"));
        assertFalse(curlFromVpc(VPC_A, "10.0.1.4", 8000), "port 8000 answered before any rule allowed it");
        long t0 = System.nanoTime();
        driver.updateSecurityRules("i-test-a", List.of(SecurityRule.tcp(22, "0.0.0.0/0"),
                SecurityRule.tcp(8000, "10.0.0.0/16")), null);
        long applyMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[linux-driver] security-group change applied in %d ms%n", applyMs);
        assertTrue(curlFromVpc(VPC_A, "10.0.1.4", 8000), "port 8000 closed after the rule allowed it");
        driver.updateSecurityRules("i-test-a", List.of(SecurityRule.tcp(22, "0.0.0.0/0")), null);
        assertFalse(curlFromVpc(VPC_A, "10.0.1.4", 8000), "port 8000 answered after the rule was revoked");
        assertTrue(ssh(VPC_A, "10.0.1.4", "good", "true").exitCode() == 0, "ssh (still allowed) stopped working");
    }

    @Test
    @Order(4)
    void guestsOfOneVpcReachEachOtherAndAnotherVpcWithTheSameAddressesDoesNot() {
        assertTrue(tcpFromGuest(VPC_A, "10.0.1.4", "10.0.1.5", 22), "A cannot reach B in its own VPC");
        // C has A's private IP in another VPC: it works, isolated
        assertEquals("ip-10-0-1-4 i-test-c", ssh(VPC_B, "10.0.1.4", "good", "echo $(hostname) $(cat /run/haneul/instance-id)").stdout().strip());
        assertTrue(tcpFromGuest(VPC_B, "10.0.1.4", "10.0.1.6", 22), "C cannot reach its neighbour D");
        assertFalse(tcpFromGuest(VPC_B, "10.0.1.4", "10.0.1.5", 22), "C (VPC b) reached B (VPC a)");
        assertFalse(tcpFromGuest(VPC_A, "10.0.1.4", "10.0.1.6", 22), "A (VPC a) reached D (VPC b)");
    }

    @Test
    @Order(5)
    void theGuestsRootIsAnUnprivilegedHostUidLimitedByItsCgroup() throws IOException {
        assertEquals("0", ssh(VPC_A, "10.0.1.5", "good", "sudo -n id -u").stdout().strip(), "sudo in the guest");
        List<Long> pids = driver.cgroups().pids("i-test-b");
        assertFalse(pids.isEmpty());
        int checked = 0;
        for (long pid : pids) {
            String uid;
            String cmd;
            try {
                uid = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                        .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
                cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            } catch (NoSuchFileException exited) {
                continue; // ended between the listing and the read (the sudo above's sshd session, for one)
            }
            checked++;
            assertTrue(cmd.contains("userns-exec.py") || Long.parseLong(uid) >= 100000,
                    "guest process " + pid + " (" + cmd + ") runs as host uid " + uid);
        }
        assertTrue(checked > 0, "no process of the guest was left to check: " + pids);
        // guest root cannot change its network or its security groups (the namespace belongs to the host)
        Exec.Result flush = ssh(VPC_A, "10.0.1.5", "good", "sudo -n ip addr flush dev eth0");
        assertNotEquals(0, flush.exitCode(), "guest root flushed its address");
        assertEquals(0, ssh(VPC_A, "10.0.1.5", "good", "true").exitCode(), "control: B still answers");
        if (!driver.cgroups().v2()) {
            assertEquals("1073741824", Files.readString(Path.of(
                    "/sys/fs/cgroup/memory/haneul/i-test-b/memory.limit_in_bytes")).strip());
            assertEquals("200000", Files.readString(Path.of("/sys/fs/cgroup/cpu/haneul/i-test-b/cpu.cfs_quota_us"))
                    .strip());
        }
        System.out.printf("[linux-driver] idle guest memory (cgroup, page cache included): %d KiB%n",
                driver.cgroups().memoryUsageBytes("i-test-b") / 1024);
        assertEquals("2.0G", ssh(VPC_A, "10.0.1.5", "good", "df -h --output=size / | tail -1").stdout().strip(),
                "the guest sees its root volume's size");
    }

    @Test
    @Order(6)
    void aGuestCannotUseMoreMemoryThanItsType() {
        // positive control: 256 MiB fits in B's 1 GiB
        assertEquals("ok", ssh(VPC_A, "10.0.1.5", "good",
                "python3 -c 'b = bytearray(256 << 20); b[::4096] = b\"x\" * len(b[::4096]); print(\"ok\")'")
                .stdout().strip());
        long kills = oomKills("i-test-b");
        Exec.Result big = ssh(VPC_A, "10.0.1.5", "good",
                "python3 -c 'b = bytearray(2048 << 20); b[::4096] = b\"x\" * len(b[::4096]); print(\"ok\")'; echo rc=$?");
        assertFalse(big.stdout().contains("ok\n"), "2 GiB allocated in a 1 GiB guest: " + big.stdout());
        assertTrue(oomKills("i-test-b") > kills, "no OOM kill counted in the guest's cgroup: " + big.stdout()
                + big.stderr());
        assertEquals(0, ssh(VPC_A, "10.0.1.5", "good", "true").exitCode(), "control: B still answers");
    }

    @Test
    @Order(7)
    void aBootWithoutNetworkConfigurationOrOutsideTheGuardedRangesIsRefusedWithAReason() {
        driver.boot(new BootSpec("host-test", "i-test-nonet", "123456789012", 0, "t3.micro", 1, 512, "ami-x"));
        GuestSpec outside = new GuestSpec("vpc-test-x", "10.203.7.0/24", "10.203.7.1", "10.203.7.4",
                "02:00:0a:cb:07:04", "ip-10-203-7-4", null, null, 1, List.of(), null, true);
        driver.boot(new BootSpec("host-test", "i-test-outside", "123456789012", 0, "t3.micro", 1, 512, "ami-x",
                outside));
        GuestSpec ubuntu = new GuestSpec(VPC_A, "10.0.1.0/24", "10.0.1.1", "10.0.1.40", "02:00:0a:00:01:28",
                "ip-10-0-1-40", null, null, 1, List.of(), null, true);
        driver.boot(new BootSpec("host-test", "i-test-ubuntu", "123456789012", 0, "t3.micro", 1, 512,
                "ami-0a1b2c3d4e5f60001", ubuntu));
        await().atMost(Duration.ofSeconds(30)).until(() -> failed.containsKey("i-test-nonet")
                && failed.containsKey("i-test-outside") && failed.containsKey("i-test-ubuntu"));
        assertTrue(failed.get("i-test-ubuntu").contains("no root filesystem"), failed.get("i-test-ubuntu"));
        assertFalse(GuestNetwork.exists(GuestNetwork.guestNamespace("i-test-ubuntu")));
        assertTrue(failed.get("i-test-nonet").contains("no network configuration"), failed.get("i-test-nonet"));
        assertTrue(failed.get("i-test-outside").contains("outside the guarded ranges"), failed.get("i-test-outside"));
        assertFalse(GuestNetwork.exists(GuestNetwork.vpcNamespace("vpc-test-x")));
        assertFalse(booted.containsKey("i-test-outside"));
        failed.clear();
    }

    @Test
    @Order(8)
    void dataOnTheRootVolumeSurvivesStopAndStart() {
        assertEquals(0, ssh(VPC_B, "10.0.1.6", "good", "echo kept-$(date +%s) > ~/data.txt && sync").exitCode());
        String written = ssh(VPC_B, "10.0.1.6", "good", "cat ~/data.txt").stdout().strip();
        assertTrue(written.startsWith("kept-"), written);
        booted.remove("i-test-d");
        driver.stop("host-test", "i-test-d", 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> poweredOff.contains("i-test-d"));
        assertTrue(driver.cgroups().pids("i-test-d").isEmpty(), "processes left after stop");
        assertFalse(GuestNetwork.exists(GuestNetwork.guestNamespace("i-test-d")));
        assertTrue(Files.exists(RootDisk.volumeFile(driver.instanceDir("i-test-d"))), "root volume gone on stop");
        assertNotEquals(0, ssh(VPC_B, "10.0.1.6", "good", "true").exitCode(), "sshd answered while stopped");
        assertEquals(0, ssh(VPC_B, "10.0.1.4", "good", "true").exitCode(), "control: C still answers");
        long t0 = System.nanoTime();
        driver.boot(specs.get("i-test-d"));
        await().atMost(BOOT).until(() -> booted.containsKey("i-test-d") || failed.containsKey("i-test-d"));
        assertEquals(null, failed.get("i-test-d"));
        System.out.printf("[linux-driver] start of a stopped guest to sshd listening: %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertEquals(written, ssh(VPC_B, "10.0.1.6", "good", "cat ~/data.txt").stdout().strip());
    }

    @Test
    @Order(9)
    void poweroffInsideTheGuestStopsTheInstanceAndItStartsAgain() {
        assertEquals(0, ssh(VPC_B, "10.0.1.4", "good", "echo before-poweroff > ~/p.txt && sync").exitCode());
        booted.remove("i-test-c");
        ssh(VPC_B, "10.0.1.4", "good", "sudo -n poweroff");
        await().atMost(Duration.ofSeconds(30)).until(() -> poweredOff.contains("i-test-c"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !GuestNetwork.exists(GuestNetwork.guestNamespace(
                "i-test-c")));
        assertTrue(driver.cgroups().pids("i-test-c").isEmpty(), "processes left after poweroff");
        assertEquals(0, ssh(VPC_B, "10.0.1.6", "good", "true").exitCode(), "control: D still answers");
        driver.boot(specs.get("i-test-c"));
        await().atMost(BOOT).until(() -> booted.containsKey("i-test-c") || failed.containsKey("i-test-c"));
        assertEquals("before-poweroff", ssh(VPC_B, "10.0.1.4", "good", "cat ~/p.txt").stdout().strip());
    }

    @Test
    @Order(10)
    void aRestartedAgentAdoptsItsRunningGuestsAndRebootWorks() {
        driver.close();
        booted.clear();
        driver = newDriver();
        driver.start(listener);
        await().atMost(Duration.ofSeconds(30)).until(() -> booted.keySet().containsAll(specs.keySet()));
        assertEquals(0, ssh(VPC_A, "10.0.1.4", "good", "true").exitCode(), "A answers after the agent restart");
        // the adopted guest is watched again: a reboot through the new driver works
        assertEquals(0, ssh(VPC_A, "10.0.1.5", "good", "echo x > ~/r.txt && sync").exitCode());
        booted.remove("i-test-b");
        driver.reboot("host-test", "i-test-b", 0);
        await().atMost(BOOT).until(() -> booted.containsKey("i-test-b") || failed.containsKey("i-test-b"));
        assertEquals("x", ssh(VPC_A, "10.0.1.5", "good", "cat ~/r.txt").stdout().strip());
    }

    @Test
    @Order(11)
    void publicIpsAnswerFromTheHostAndAGuestCannotOpenAConnectionToTheHost() throws IOException {
        // two VPCs with the same private IP, told apart by their public IPs, from the host namespace itself
        assertEquals("ip-10-0-1-4 i-test-a", sshFromHost("198.18.0.4", "echo $(hostname) $(cat /run/haneul/instance-id)")
                .stdout().strip());
        Exec.Result c = sshFromHost("198.18.0.5", "echo $(hostname) $(cat /run/haneul/instance-id)");
        assertEquals("ip-10-0-1-4 i-test-c", c.stdout().strip(), () -> c.stderr() + "\n" + wiring(VPC_B, "198.18.0.5"));
        // A serves port 8000 (its user data) but its group allows only 22: refused from the host, open inside
        assertEquals(0, ssh(VPC_A, "10.0.1.4", "good", "curl -s -o /dev/null -m 3 http://localhost:8000/")
                .exitCode(), "control: A's web server answers inside A");
        assertFalse(curlFromHost("198.18.0.4", 8000), "port 8000 answered through the public IP without a rule");
        driver.updateSecurityRules("i-test-a", List.of(SecurityRule.tcp(22, "0.0.0.0/0"),
                SecurityRule.tcp(8000, "0.0.0.0/0")), null);
        assertTrue(curlFromHost("198.18.0.4", 8000), "port 8000 closed through the public IP with a rule");
        driver.updateSecurityRules("i-test-a", List.of(SecurityRule.tcp(22, "0.0.0.0/0")), null);
        assertFalse(curlFromHost("198.18.0.4", 8000), "port 8000 still open after the rule was revoked");
        // an unassigned public address goes nowhere
        Exec.Result unassigned = Exec.attempt(List.of("ip", "route", "get", "198.18.0.99"), null);
        assertTrue(unassigned.stdout().startsWith("unreachable") || unassigned.stderr().contains("No route to host"),
                "the host routes an unassigned public address somewhere: " + unassigned.stdout());
        // the uplink's host end listens for nothing a guest could open: a listener there is reached by the
        // host (control) but not from the guest
        try (ServerSocket listener = new ServerSocket(0, 5,
                InetAddress.getByName(PublicAddresses.HOST_SIDE))) {
            int port = listener.getLocalPort();
            try (Socket control = new Socket(PublicAddresses.HOST_SIDE, port)) {
                assertTrue(control.isConnected(), "control: the host reaches its own listener");
            }
            assertFalse(tcpFromGuest(VPC_A, "10.0.1.4", PublicAddresses.HOST_SIDE, port),
                    "a guest opened a connection to the host through its VPC's uplink");
        }
    }

    @Test
    @Order(12)
    void guestAddressesAreUnreachableFromTheHostNamespace() {
        // positive control: from its VPC's namespace, A answers on port 22
        assertEquals(0, ssh(VPC_A, "10.0.1.4", "good", "true").exitCode());
        Exec.Result fromHost = Exec.attempt(List.of("curl", "-sS", "-m", "3", "telnet://10.0.1.4:22"), null);
        // curl's 7 is "could not connect" (refused at once by the unreachable route); 28 would be a time-out
        assertEquals(7, fromHost.exitCode(), "the host reached a guest address, or timed out: " + fromHost.stdout()
                + fromHost.stderr());
        Exec.Result route = Exec.attempt(List.of("ip", "route", "get", "10.0.1.4"), null);
        assertTrue(route.stdout().startsWith("unreachable") || route.stderr().contains("No route to host"),
                "the host routes 10.0.1.4 somewhere: " + route.stdout() + route.stderr());
        Exec.Result unassigned = Exec.attempt(List.of("ip", "route", "get", "10.0.9.77"), null);
        assertTrue(unassigned.stdout().startsWith("unreachable") || unassigned.stderr().contains("No route to host"),
                "the host routes an unassigned guest-range address somewhere: " + unassigned.stdout());
        assertEquals("0", Exec.run("cat", "/proc/sys/net/ipv4/ip_forward").strip(), "forwarding on in the host");
    }

    @Test
    @Order(13)
    void aDataVolumeIsAFilesystemInTheGuestAndItsDataFollowsItToAnotherGuest() {
        String vol = "vol-0test0000000000001";
        Path file = STATE.resolve("blocks/volumes/" + vol + ".img");
        driver.attachVolume("host-test", "i-test-a", vol, "/dev/sdf", 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> attached.contains("i-test-a/" + vol));
        assertTrue(Files.exists(file), "the new volume's file");
        // the guest sees the 1 GiB volume's filesystem at /mnt/sdf (ext4 keeps a few % for itself)
        int mib = Integer.parseInt(ssh(VPC_A, "10.0.1.4", "good", "df -m --output=size /mnt/sdf | tail -1").stdout()
                .strip());
        assertTrue(mib > 900 && mib <= 1024, mib + " MiB at /mnt/sdf");
        assertEquals(0, ssh(VPC_A, "10.0.1.4", "good", "sudo -n sh -c 'echo data-$(hostname) > /mnt/sdf/f.txt'"
                + " && sync").exitCode(), "guest root writes to its volume");
        // detach: gone from A (A itself still answers), the loop device released
        driver.detachVolume("host-test", "i-test-a", vol, "/dev/sdf", false);
        await().atMost(Duration.ofSeconds(30)).until(() -> detached.contains("i-test-a/" + vol));
        assertNotEquals(0, ssh(VPC_A, "10.0.1.4", "good", "mountpoint -q /mnt/sdf").exitCode(), "still mounted in A");
        assertEquals(0, ssh(VPC_A, "10.0.1.4", "good", "true").exitCode(), "control: A still answers");
        await().atMost(Duration.ofSeconds(10)).until(() -> Exec.run("losetup", "--associated", file.toString())
                .isBlank());
        // attached to B (another host uid range) at another device: the data is there, owned by B's root
        driver.attachVolume("host-test", "i-test-b", vol, "/dev/sdg", 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> attached.contains("i-test-b/" + vol));
        assertEquals("data-ip-10-0-1-4 0:0", ssh(VPC_A, "10.0.1.5", "good",
                "echo $(cat /mnt/sdg/f.txt) $(stat -c %u:%g /mnt/sdg/f.txt)").stdout().strip());
        // it is mounted again when B boots again (a reboot: the previous guest's hold ends first)
        booted.remove("i-test-b");
        driver.reboot("host-test", "i-test-b", 0);
        await().atMost(BOOT).until(() -> booted.containsKey("i-test-b") || failed.containsKey("i-test-b"));
        assertEquals(null, failed.get("i-test-b"));
        assertEquals("data-ip-10-0-1-4", ssh(VPC_A, "10.0.1.5", "good", "cat /mnt/sdg/f.txt").stdout().strip());
        driver.detachVolume("host-test", "i-test-b", vol, "/dev/sdg", false);
        await().atMost(Duration.ofSeconds(30)).until(() -> detached.contains("i-test-b/" + vol));
        await().atMost(Duration.ofSeconds(10)).until(() -> Exec.run("losetup", "--associated", file.toString())
                .isBlank());
    }

    @Test
    @Order(14)
    void destroyLeavesNothingOnTheHost() throws IOException {
        List<Path> volumes = specs.keySet().stream().map(id -> RootDisk.volumeFile(driver.instanceDir(id))).toList();
        assertTrue(volumes.stream().allMatch(Files::exists));
        assertNotEquals(hostStateBefore, hostState(), "control: the guests show in the host's state");
        for (String id : specs.keySet()) {
            driver.destroy("host-test", id, 0);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> destroyed.containsAll(specs.keySet()));
        assertEquals(hostStateBefore, hostState());
        Path kept = RootDisk.volumeFile(driver.instanceDir("i-test-d"));
        assertTrue(Files.exists(kept), "D's root volume (deleteOnTermination false) was deleted");
        assertTrue(volumes.stream().filter(v -> !v.equals(kept)).noneMatch(Files::exists), "root volumes left");
        try (Stream<Path> left = Files.list(driver.instanceDir("i-test-d"))) {
            assertEquals(List.of(kept), left.toList(), "only the kept volume is left of D");
        }
        assertTrue(driver.list().isEmpty());
    }

    // ---- helpers

    private static Exec.Result sshRaw(String vpc, String ip, List<String> options, String command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", GuestNetwork.vpcNamespace(vpc), "ssh",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=5"));
        cmd.addAll(options);
        cmd.add("admin@" + ip);
        cmd.add(command);
        return Exec.attempt(cmd, null);
    }

    private Exec.Result ssh(String vpc, String ip, String key, String command) {
        return sshRaw(vpc, ip, List.of("-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i",
                keys.resolve(key).toString()), command);
    }

    private Exec.Result sshFromHost(String ip, String command) {
        return Exec.attempt(List.of("ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-i", keys.resolve("good").toString(), "admin@" + ip, command), null);
    }

    /** What the host and the VPC hold for a public IP, for a failure's message. */
    private static String wiring(String vpc, String publicIp) {
        String ns = GuestNetwork.vpcNamespace(vpc);
        return String.join("\n", Exec.attempt(List.of("ip", "route", "get", publicIp), null).stdout(),
                Exec.attempt(List.of("ip", "-n", ns, "-4", "addr"), null).stdout(),
                Exec.attempt(List.of("ip", "-n", ns, "route"), null).stdout(),
                Exec.attempt(List.of("ip", "netns", "exec", ns, "nft", "list", "ruleset"), null).stdout());
    }

    /** An http GET from the host namespace. */
    private static boolean curlFromHost(String ip, int port) {
        return Exec.attempt(List.of("curl", "-s", "-o", "/dev/null", "-m", "3", "http://" + ip + ":" + port + "/"),
                null).exitCode() == 0;
    }

    /** An http GET from the VPC's namespace (the gateway address). */
    private static boolean curlFromVpc(String vpc, String ip, int port) {
        return Exec.attempt(List.of("ip", "netns", "exec", GuestNetwork.vpcNamespace(vpc), "curl", "-s", "-o",
                "/dev/null", "-m", "2", "http://" + ip + ":" + port + "/"), null).exitCode() == 0;
    }

    /** A TCP connect from inside the guest at {@code fromIp} (via ssh) to {@code toIp:port}. */
    private boolean tcpFromGuest(String vpc, String fromIp, String toIp, int port) {
        Exec.Result r = ssh(vpc, fromIp, "good", "timeout 3 bash -c '</dev/tcp/" + toIp + "/" + port + "' && echo open");
        if (r.stderr().contains("Permission denied") || r.exitCode() == 255) {
            fail("cannot ssh into " + fromIp + " in " + vpc + ": " + r.stderr());
        }
        return r.stdout().strip().equals("open");
    }

    /** OOM kills counted in the instance's memory cgroup (v1 memory.oom_control, v2 memory.events). */
    private long oomKills(String instanceId) {
        Path f = driver.cgroups().v2() ? Path.of("/sys/fs/cgroup/haneul", instanceId, "memory.events")
                : Path.of("/sys/fs/cgroup/memory/haneul", instanceId, "memory.oom_control");
        try {
            return Files.readAllLines(f).stream().filter(l -> l.startsWith("oom_kill ")).mapToLong(l -> Long.parseLong(
                    l.split(" ")[1])).findFirst().orElseThrow(() -> new AssertionError("no oom_kill counter in " + f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the host holds that a guest could leave behind. */
    private static String hostState() {
        StringBuilder sb = new StringBuilder();
        sb.append("netns:\n").append(Exec.run("ip", "netns", "list"));
        sb.append("links:\n").append(Exec.run("ip", "-o", "link", "show").replaceAll("\\d+: ", ""));
        for (String ns : Exec.run("ip", "netns", "list").lines().map(l -> l.split(" ")[0])
                .filter(n -> n.startsWith("hnl-")).toList()) {
            sb.append("links in ").append(ns).append(":\n").append(Exec.run("ip", "-n", ns, "-o", "link", "show"));
        }
        sb.append("routes:\n").append(Exec.run("ip", "route", "show").lines()
                .filter(l -> !l.startsWith("unreachable")).collect(Collectors.joining("\n")));
        sb.append("\naddresses:\n").append(Exec.run("ip", "-o", "-4", "addr", "show"));
        sb.append("loops:\n").append(Exec.run("losetup", "-a"));
        // iproute2 bind-mounts /run/netns onto itself the first time a namespace is added after boot and leaves it:
        // the host's, once, not a guest's (a guest's namespace is a mount below it, /run/netns/<name>, and shows)
        sb.append("mounts:\n").append(Exec.run("cat", "/proc/mounts").lines()
                .filter(l -> !l.split(" ")[1].equals("/run/netns")).collect(Collectors.joining("\n")));
        sb.append("nft:\n").append(Exec.run("nft", "list", "tables"));
        sb.append("cgroups:\n");
        try (Stream<Path> s = Files.walk(Path.of("/sys/fs/cgroup"), 3)) {
            s.filter(p -> p.toString().contains("haneul")).sorted().forEach(p -> sb.append(p).append('\n'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }
}
