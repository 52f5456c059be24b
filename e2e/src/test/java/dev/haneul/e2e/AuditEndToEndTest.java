package dev.haneul.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./haneul audit} on the whole stack, as an operator runs it: once launched instances are running, every
 * service agrees (exit 0); an allocation planted straight into the scheduler's database, for an instance nobody
 * launched and not counted in its host's usage, is reported as an orphan and as the host's broken usage (exit 1).
 */
@ExtendWith(SharedStack.class)
class AuditEndToEndTest {
    static final String UBUNTU = "ami-0a1b2c3d4e5f60001";
    static final Duration WAIT = Duration.ofSeconds(90);

    static String id(String prefix) {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    @Test
    void aSettledStackIsConsistentAndAPlantedOrphanOfEachKindIsReported() {
        Stack stack = SharedStack.stack();
        String token = SharedStack.adminToken();
        List<String> ids = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "minCount", 2, "maxCount", 2))
                .when().post("/v1/instances").then().statusCode(202).extract().path("instances.instanceId");
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> ids.stream()
                .allMatch(id -> "running".equals(given().auth().oauth2(token).get("/v1/instances/" + id).then()
                        .statusCode(200).extract().path("state.name"))));

        // every service has handled the saga's last events once the audit, judging everything, finds nothing
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.haneul("audit", "--in-flight", "0").exit() == 0);
        Stack.Result clean = stack.haneul("audit", "--in-flight", "0");
        assertEquals(0, clean.exit(), clean.output());
        assertTrue(clean.output().contains(": CONSISTENT"), clean.output());
        assertTrue(clean.output().matches("(?s).*instances judged: ([2-9]|\\d\\d+);.*"), clean.output());

        String host = given().auth().oauth2(token).get("/v1/hosts").then().statusCode(200).extract()
                .path("hosts[0].hostId");
        String orphan = id("i-e");
        String eni = id("eni-e");
        String goneEni = id("eni-e");
        String volume = id("vol-e");
        String meter = java.util.UUID.randomUUID().toString();
        Map<String, String> subnet = given().auth().oauth2(token).get("/v1/subnets").then().statusCode(200)
                .extract().path("subnets[0]");
        String net = subnet.get("cidrBlock").split("/")[0];
        String ip = net.substring(0, net.lastIndexOf('.')) + ".250";
        String leaked = net.substring(0, net.lastIndexOf('.')) + ".251";
        // ids[1] terminated: what a service still holds for it afterwards is an orphan
        given().auth().oauth2(token).delete("/v1/instances/" + ids.get(1)).then().statusCode(200);
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> "terminated".equals(
                given().auth().oauth2(token).get("/v1/instances/" + ids.get(1)).then().extract().path("state.name")));
        String gone = ids.get(1);
        // one orphan of each kind: a stray allocation, an interface of an unknown instance and an address of an
        // interface that is gone, a volume attached to the terminated instance, an open meter of it
        stack.sql("scheduler", "INSERT INTO allocation (instance_id, account_id, attempt, host_id, instance_type,"
                + " vcpus, memory_mib, gpus, created_at) VALUES ('" + orphan + "', '000000000001', 0, '" + host
                + "', 't3.micro', 2, 1024, 0, NOW(6))");
        stack.sql("network", "INSERT INTO network_interface (id, account_id, instance_id, vpc_id, subnet_id,"
                + " availability_zone, private_ip_address, wants_public_ip, mac_address, security_group_ids,"
                + " attempt, created_at) VALUES ('" + eni + "', '000000000001', '" + orphan + "', '"
                + subnet.get("vpcId") + "', '" + subnet.get("subnetId") + "', '" + subnet.get("availabilityZone")
                + "', '" + ip + "', false, '02:00:0e:0e:0e:01', '', 0, NOW(6))");
        stack.sql("network", "INSERT INTO private_ip (subnet_id, ip, network_interface_id, allocated_at) VALUES ('"
                + subnet.get("subnetId") + "', '" + leaked + "', '" + goneEni + "', NOW(6))");
        stack.sql("volume", "INSERT INTO volume (volume_id, account_id, availability_zone, size_gib, volume_type,"
                + " encrypted, state, create_time, instance_id, device, attachment_state) VALUES ('" + volume
                + "', '000000000001', '" + subnet.get("availabilityZone") + "', 8, 'gp3', false, 'in-use', NOW(6), '"
                + gone + "', '/dev/sdf', 'attached')");
        stack.sql("billing", "INSERT INTO meter (id, account_id, resource_id, meter_kind, unit, quantity, price_key,"
                + " started_at, ended_at, minimum_seconds) VALUES ('" + meter + "', '000000000001', '" + gone
                + "', 'instance-running', 'instance', 1, 't3.micro', NOW(6), NULL, 60)");
        try {
            Stack.Result dirty = stack.haneul("audit", "--in-flight", "0");
            assertEquals(1, dirty.exit(), dirty.output());
            String out = dirty.output();
            assertTrue(out.contains(": INCONSISTENT"), out);
            for (String finding : List.of("Orphan\\s+scheduler\\s+" + orphan + " \\[unknown]",
                    "HostUsageMismatch\\s+scheduler\\s+" + host + "\\b",
                    "Orphan\\s+network\\s+" + orphan + " \\[unknown]",
                    "AddressLeaked\\s+network\\s+" + subnet.get("subnetId") + " " + leaked.replace(".", "\\."),
                    "Orphan\\s+volume\\s+" + gone + " \\[terminated]",
                    "Orphan\\s+billing\\s+" + gone + " \\[terminated]")) {
                assertTrue(out.matches("(?s).*" + finding + ".*"), "no finding " + finding + " in:\n" + out);
            }
            Stack.Result json = stack.haneul("audit", "--json", "--in-flight", "0");
            assertEquals(1, json.exit());
            assertTrue(json.output().contains("\"result\":\"inconsistent\""), json.output());
        } finally {
            stack.sql("scheduler", "DELETE FROM allocation WHERE instance_id = '" + orphan + "'");
            stack.sql("network", "DELETE FROM network_interface WHERE id = '" + eni + "'");
            stack.sql("network", "DELETE FROM private_ip WHERE network_interface_id = '" + goneEni + "'");
            stack.sql("volume", "DELETE FROM volume WHERE volume_id = '" + volume + "'");
            stack.sql("billing", "DELETE FROM meter WHERE id = '" + meter + "'");
        }
        Stack.Result again = stack.haneul("audit", "--in-flight", "0");
        assertEquals(0, again.exit(), again.output());
    }
}
