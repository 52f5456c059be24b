package dev.haneul.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seeds' lab through the public REST API on a stack whose host agent runs real guests ({@code ./haneul up
 * --driver linux}): a key pair and a security group, a Debian server with a public IP and user data that serves
 * port 8000, ssh with the key to its public IP, the port closed until a rule opens it and closed again after the
 * revoke, a neighbour reached only once a rule names their group, data kept across stop and start, and nothing
 * of the guests left on the machine after terminate. Runs first, on its own stack, which it stops afterwards.
 * Needs root, like {@code LinuxDriverTest}; a machine that cannot run guests fails it with the reason.
 */
@Order(1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealInstanceEndToEndTest {
    static final String DEBIAN = "ami-0a1b2c3d4e5f60003";
    static final Duration WAIT = Duration.ofSeconds(120);

    Stack stack;
    String token;
    Path keyFile;
    Path otherKey;
    String groupId;
    String web;
    String neighbour;
    final List<String> launched = new ArrayList<>();
    /** Captures of guest and public addresses for the whole class: on the machine's uplink, and everywhere. */
    Process uplinkCapture;
    Process everywhereCapture;
    Path captures;
    String uplink;
    static final String GUEST_AND_PUBLIC = "ip and (net 10.0.0.0/9 or net 172.16.0.0/12 or net 192.168.0.0/16"
            + " or net 100.64.0.0/10 or net 198.18.0.0/15)";

    @BeforeAll
    void upWithTheLinuxDriver() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("RealInstanceEndToEndTest needs root (the linux driver's namespaces, mounts and cgroups)");
        }
        // the safety proof's captures start before any guest address exists
        uplink = run("sh", "-c", "ip route show default | awk '{for (i = 1; i < NF; i++) if ($i == \"dev\")"
                + " print $(i + 1); exit}'").output().strip();
        assertFalse(uplink.isEmpty(), "no default route: which interface leaves the machine?");
        captures = Files.createTempDirectory("haneul-capture");
        uplinkCapture = capture(uplink, captures.resolve("uplink.pcap"));
        everywhereCapture = capture("any", captures.resolve("any.pcap"));
        stack = new Stack("real-stack", 38080, 39092, "haneul_e2ereal", 7, Map.of("HANEUL_DRIVER", "linux"));
        stack.up("--no-build", "--fresh");
        String up = Files.readString(stack.home.resolve("haneul-up.out"));
        assertTrue(up.contains("Driver        linux"), "the stack did not start the linux driver:\n" + up);
        String[] creds = stack.credentials();
        token = given().baseUri(stack.gateway()).contentType("application/json")
                .body(Map.of("accessKeyId", creds[0], "secretAccessKey", creds[1]))
                .when().post("/v1/auth/token").then().statusCode(200).extract().path("token");
        Path dir = Files.createTempDirectory("haneul-lab");
        keyFile = dir.resolve("lab.pem");
        String material = api().body(Map.of("keyName", "lab")).when().post("/v1/key-pairs").then().statusCode(201)
                .extract().path("keyMaterial");
        Files.writeString(keyFile, material);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        otherKey = dir.resolve("other");
        assertEquals(0, new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString())
                .start().waitFor());
    }

    @AfterAll
    void terminateAndStop() {
        if (stack == null) {
            return;
        }
        try {
            for (String id : launched) {
                api().when().delete("/v1/instances/" + id);
            }
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> launched.stream().allMatch(id -> "terminated".equals(state(id))));
        } finally {
            stack.close();
            for (Process p : new Process[] {uplinkCapture, everywhereCapture}) {
                if (p != null) {
                    p.destroy();
                }
            }
        }
    }

    RequestSpecification api() {
        return given().baseUri(stack.gateway()).auth().oauth2(token).contentType("application/json");
    }

    String state(String id) {
        return api().when().get("/v1/instances/" + id).then().extract().path("state.name");
    }

    String launch(String name, String userData) {
        String id = api().body(Map.of("imageId", DEBIAN, "instanceType", "t3.micro", "keyName", "lab",
                "securityGroupIds", List.of(groupId), "associatePublicIpAddress", true,
                "userData", Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)),
                "tags", List.of(Map.of("key", "Name", "value", name))))
                .when().post("/v1/instances").then().statusCode(202).extract().path("instances[0].instanceId");
        launched.add(id);
        return id;
    }

    void awaitState(String id, String state) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            String s = state(id);
            if ("terminated".equals(s) && !"terminated".equals(state)) {
                fail(id + " terminated: " + api().when().get("/v1/instances/" + id).then().extract()
                        .path("stateReason"));
            }
            return state.equals(s);
        });
    }

    String publicIp(String id) {
        return api().when().get("/v1/instances/" + id).then().extract().path("publicIpAddress");
    }

    String privateIp(String id) {
        return api().when().get("/v1/instances/" + id).then().extract().path("privateIpAddress");
    }

    void ingress(String method, int port, Map<String, Object> peer) {
        Map<String, Object> permission = new HashMap<>(Map.of("ipProtocol", "tcp", "fromPort", port,
                "toPort", port));
        permission.putAll(peer);
        api().body(Map.of("ipPermissions", List.of(permission))).when()
                .request(method, "/v1/security-groups/" + groupId + "/ingress").then().statusCode(200);
    }

    static final String SERVE_8000 = "#!/bin/sh\ncd /tmp && echo served-by-$(hostname) > index.html"
            + " && exec python3 -m http.server 8000\n";

    @Test
    @Order(1)
    void aServerFromTheLabAnswersSshWithItsKeyOnItsPublicIp() {
        groupId = api().body(Map.of("groupName", "lab", "description", "the seeds' lab")).when()
                .post("/v1/security-groups").then().statusCode(201).extract().path("groupId");
        ingress("POST", 22, Map.of("ipRanges", List.of(Map.of("cidrIp", "0.0.0.0/0"))));
        web = launch("web-1", SERVE_8000);
        awaitState(web, "running");
        String ip = publicIp(web);
        assertTrue(ip != null && ip.startsWith("198.18."), "public IP from the default pool: " + ip);
        Result hostname = ssh(keyFile, ip, "hostname");
        assertEquals(0, hostname.exit(), hostname.output());
        assertEquals("ip-" + privateIp(web).replace('.', '-'), hostname.output().strip());
        assertNotEquals(0, ssh(otherKey, ip, "true").exit(), "another key was let in");
        // the console shows the host key fingerprints the guest made at first boot: the one ssh sees is there
        String console = api().when().get("/v1/instances/" + web + "/console-output").then().statusCode(200)
                .extract().path("output");
        assertTrue(console != null && console.contains("-----BEGIN SSH HOST KEY FINGERPRINTS-----"), console);
        Result scan = run("sh", "-c", "ssh-keyscan -t ed25519 " + ip + " 2>/dev/null | ssh-keygen -lf -");
        String fingerprint = scan.output().strip().split("\\s+")[1];
        assertTrue(fingerprint.startsWith("SHA256:") && console.contains(fingerprint),
                "ssh sees " + scan.output() + " but the console says:\n" + console);
    }

    @Test
    @Order(2)
    void aPortOpensWithARuleAndClosesWithItsRevoke() {
        String ip = publicIp(web);
        // inside, the user data's server answers (positive control); from the host it is closed
        Awaitility.await().atMost(WAIT).until(() -> ssh(keyFile, ip, "curl -s -m 2 localhost:8000").output()
                .contains("served-by-"));
        assertFalse(http(ip, 8000), "port 8000 answered without a rule");
        ingress("POST", 8000, Map.of("ipRanges", List.of(Map.of("cidrIp", "0.0.0.0/0"))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> http(ip, 8000));
        ingress("DELETE", 8000, Map.of("ipRanges", List.of(Map.of("cidrIp", "0.0.0.0/0"))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !http(ip, 8000));
        assertEquals(0, ssh(keyFile, ip, "true").exit(), "control: ssh still answers");
    }

    @Test
    @Order(3)
    void aNeighbourIsReachedOnlyOnceARuleNamesTheirGroup() {
        neighbour = launch("web-2", SERVE_8000);
        awaitState(neighbour, "running");
        String from = publicIp(web);
        String to = privateIp(neighbour);
        Awaitility.await().atMost(WAIT).until(() -> ssh(keyFile, publicIp(neighbour),
                "curl -s -m 2 localhost:8000").output().contains("served-by-"));
        // from web-1, the neighbour's ssh answers on its private IP (22 is open to all): the VPC connects them
        assertEquals(0, ssh(keyFile, from, "timeout 3 bash -c '</dev/tcp/" + to + "/22'").exit(),
                "web-1 cannot reach its neighbour's ssh on the private network");
        assertNotEquals(0, ssh(keyFile, from, "curl -s -m 2 http://" + to + ":8000/").exit(),
                "web-1 reached its neighbour's port 8000 without a rule");
        ingress("POST", 8000, Map.of("userIdGroupPairs", List.of(Map.of("groupId", groupId))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ssh(keyFile, from, "curl -s -m 2 http://" + to + ":8000/").output()
                        .contains("served-by-"));
        assertFalse(http(publicIp(neighbour), 8000), "a rule for the group opened the port to the host too");
    }

    @Test
    @Order(4)
    void dataOnTheRootVolumeSurvivesStopAndStartAndSshIsGoneWhileStopped() {
        String ip = publicIp(web);
        assertEquals(0, ssh(keyFile, ip, "echo kept > ~/data.txt && sync").exit());
        api().when().post("/v1/instances/" + web + "/stop").then().statusCode(200);
        awaitState(web, "stopped");
        assertNotEquals(0, ssh(keyFile, ip, "true").exit(), "sshd answered on a stopped instance's address");
        api().when().post("/v1/instances/" + web + "/start").then().statusCode(200);
        awaitState(web, "running");
        Result data = ssh(keyFile, publicIp(web), "cat ~/data.txt");
        assertEquals("kept", data.output().strip(), data.output());
    }

    @Test
    @Order(5)
    void aVolumeKeepsItsDataAcrossDetachAttachAndStopAndASnapshotIsThePointInTimeItWasTaken() {
        String az = api().when().get("/v1/instances/" + web).then().extract().path("placement.availabilityZone");
        String subnet = api().when().get("/v1/instances/" + web).then().extract().path("subnetId");
        String vol = api().body(Map.of("availabilityZone", az, "size", 1)).when().post("/v1/volumes").then()
                .statusCode(201).extract().path("volumeId");
        awaitVolume(vol, "available");
        attach(vol, web, "/dev/sdf");
        String ip = publicIp(web);
        Result written = ssh(keyFile, ip, "sudo -n sh -c 'echo before > /mnt/sdf/a.txt' && sync");
        assertEquals(0, written.exit(), written.output());
        String snap = api().body(Map.of("volumeId", vol, "description", "before")).when().post("/v1/snapshots")
                .then().statusCode(201).extract().path("snapshotId");
        assertEquals(0, ssh(keyFile, ip, "sudo -n sh -c 'echo after > /mnt/sdf/b.txt' && sync").exit());
        api().body(Map.of()).when().post("/v1/volumes/" + vol + "/detach").then().statusCode(200);
        awaitVolume(vol, "available");
        assertNotEquals(0, ssh(keyFile, ip, "mountpoint -q /mnt/sdf").exit(), "still mounted after the detach");
        assertEquals(0, ssh(keyFile, ip, "true").exit(), "control: web-1 still answers");
        // another instance in the same zone gets the volume with what web-1 wrote; the zone's one host (shaped
        // like this machine) holds one t3.micro, so web-1 makes room by stopping (a stopped instance holds none)
        api().when().post("/v1/instances/" + web + "/stop").then().statusCode(200);
        awaitState(web, "stopped");
        String other = launchIn(subnet, "data-1");
        awaitState(other, "running");
        attach(vol, other, "/dev/sdf");
        Result both = ssh(keyFile, publicIp(other), "cat /mnt/sdf/a.txt /mnt/sdf/b.txt");
        assertEquals("before\nafter", both.output().strip(), both.output());
        assertTrue(loopFiles().contains(vol), "control: the attached volume's file backs a loop device");
        // the volume made from the snapshot has what was there when it was taken, not what came after
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> "completed".equals(
                api().when().get("/v1/snapshots/" + snap).then().extract().path("state")));
        String restored = api().body(Map.of("availabilityZone", az, "snapshotId", snap)).when().post("/v1/volumes")
                .then().statusCode(201).extract().path("volumeId");
        awaitVolume(restored, "available");
        attach(restored, other, "/dev/sdg");
        Result fromSnapshot = ssh(keyFile, publicIp(other), "cat /mnt/sdg/a.txt; test -e /mnt/sdg/b.txt; echo $?");
        assertEquals("before\n1", fromSnapshot.output().strip(), fromSnapshot.output());
        // stop and start: the attached volumes are mounted again at their devices
        api().when().post("/v1/instances/" + other + "/stop").then().statusCode(200);
        awaitState(other, "stopped");
        api().when().post("/v1/instances/" + other + "/start").then().statusCode(200);
        awaitState(other, "running");
        Result again = ssh(keyFile, publicIp(other), "cat /mnt/sdf/b.txt /mnt/sdg/a.txt");
        assertEquals("after\nbefore", again.output().strip(), again.output());
        // terminated, the instance lets its volumes go: available again, no loop device left on their files
        api().when().delete("/v1/instances/" + other).then().statusCode(200);
        awaitState(other, "terminated");
        awaitVolume(vol, "available");
        awaitVolume(restored, "available");
        Awaitility.await().atMost(WAIT).until(() -> !loopFiles().contains(vol));
        assertFalse(loopFiles().contains(restored));
        api().when().post("/v1/instances/" + web + "/start").then().statusCode(200);
        awaitState(web, "running");
    }

    void attach(String volumeId, String instanceId, String device) {
        api().body(Map.of("instanceId", instanceId, "device", device)).when()
                .post("/v1/volumes/" + volumeId + "/attach").then().statusCode(200);
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> "attached".equals(
                api().when().get("/v1/volumes/" + volumeId).then().extract().path("attachments[0].state")));
    }

    /** The files that back this machine's loop devices, one a line. */
    static String loopFiles() {
        return run("losetup", "--list", "--noheadings", "--output", "BACK-FILE").output();
    }

    void awaitVolume(String volumeId, String state) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> state.equals(
                api().when().get("/v1/volumes/" + volumeId).then().extract().path("state")));
    }

    String launchIn(String subnetId, String name) {
        String id = api().body(Map.of("imageId", DEBIAN, "instanceType", "t3.micro", "keyName", "lab",
                "subnetId", subnetId, "securityGroupIds", List.of(groupId), "associatePublicIpAddress", true,
                "tags", List.of(Map.of("key", "Name", "value", name))))
                .when().post("/v1/instances").then().statusCode(202).extract().path("instances[0].instanceId");
        launched.add(id);
        return id;
    }

    @Test
    @Order(6)
    void terminateLeavesNoneOfTheGuestsOnTheMachine() throws IOException, InterruptedException {
        List<String> publicIps = List.of(publicIp(web), publicIp(neighbour));
        String vpc = "hnl-vpc-" + api().when().get("/v1/instances/" + web).then().extract().path("vpcId");
        assertTrue(netns().contains("hnl-i-" + web), "control: the guest's namespace is there while it runs");
        for (String id : List.of(web, neighbour)) {
            api().when().delete("/v1/instances/" + id).then().statusCode(200);
        }
        awaitState(web, "terminated");
        awaitState(neighbour, "terminated");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !netns().contains("hnl-i-" + web)
                && !netns().contains("hnl-i-" + neighbour));
        assertFalse(netns().contains(vpc), "the VPC's namespace is left: " + netns());
        String routes = run("ip", "route", "show").output();
        for (String ip : publicIps) {
            assertFalse(routes.contains(ip + " "), "the route to " + ip + " is left: " + routes);
        }
        assertTrue(routes.contains("unreachable 198.18.0.0/15"), "the public pool is not guarded: " + routes);
    }

    @Test
    @Order(7)
    void noGuestOrPublicAddressWasSeenOnTheMachinesUplink() throws Exception {
        for (Process p : List.of(uplinkCapture, everywhereCapture)) {
            p.destroy(); // SIGTERM: tcpdump writes what it has and exits
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tcpdump did not stop");
        }
        int everywhere = packets(captures.resolve("any.pcap"));
        int onUplink = packets(captures.resolve("uplink.pcap"));
        System.out.printf("[capture] %d packets of guest or public addresses on this machine's links, %d on %s%n",
                everywhere, onUplink, uplink);
        // positive control: the same filter saw this class's traffic (ssh, http, DNAT) on the project's links
        assertTrue(everywhere > 100, "the capture saw only " + everywhere + " packets of guest or public addresses");
        assertEquals(0, onUplink, onUplink + " packets of guest or public addresses on " + uplink + ":\n"
                + run("tcpdump", "-n", "-r", captures.resolve("uplink.pcap").toString(), "-c", "20").output());
    }

    // ---- helpers

    static Process capture(String device, Path file) throws IOException {
        Process p = new ProcessBuilder("tcpdump", "-i", device, "-n", "-U", "-w", file.toString(),
                GUEST_AND_PUBLIC).redirectErrorStream(true).redirectOutput(file.resolveSibling(device + ".log")
                        .toFile()).start();
        // tcpdump says "listening on" once the capture is open: nothing before that may be sent
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !p.isAlive()
                || Files.readString(file.resolveSibling(device + ".log")).contains("listening on"));
        assertTrue(p.isAlive(), "tcpdump on " + device + " ended: "
                + Files.readString(file.resolveSibling(device + ".log")));
        return p;
    }

    static int packets(Path pcap) {
        Result r = run("sh", "-c", "tcpdump -n -r " + pcap + " 2>/dev/null | wc -l");
        return Integer.parseInt(r.output().strip());
    }

    record Result(int exit, String output) {
    }

    static String netns() {
        return run("ip", "netns", "list").output();
    }

    static Result ssh(Path key, String ip, String command) {
        return run("ssh", "-i", key.toString(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=5", "admin@" + ip, command);
    }

    static boolean http(String ip, int port) {
        return run("curl", "-s", "-o", "/dev/null", "-m", "2", "http://" + ip + ":" + port + "/").exit() == 0;
    }

    static Result run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "did not end: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
