package dev.haneul.network.audit;

import static dev.haneul.network.support.Saga.launch;
import static dev.haneul.network.support.Saga.newAccount;
import static dev.haneul.network.support.Saga.newInstance;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.kit.Ids;
import dev.haneul.network.support.Db;
import dev.haneul.network.support.Saga;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * network-service's side of the consistency audit over the real database: a launched instance is listed with its
 * interface and public address; a planted interface of an instance nobody launched, on an address already in use,
 * is listed and reported (the address used twice and not reserved for it), as is a reserved address of an
 * interface that is gone. Admins only.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditResourceTest {
    @KafkaBootstrap
    String bootstrap;

    Saga saga;

    @BeforeEach
    void probe() {
        saga = new Saga(bootstrap);
    }

    @AfterEach
    void close() {
        saga.close();
    }

    @Test
    void listsTheInterfacesByInstanceAndReportsPlantedAddressConflicts() {
        String account = newAccount();
        InstanceRequested r = launch(account, newInstance(), "kr-central-1a", null, null, true);
        saga.send(r);
        InstanceNetworkAttached a = saga.await(InstanceNetworkAttached.class, r.instanceId(), 0);

        String orphan = newInstance();
        String orphanEni = Ids.newId("eni");
        String goneEni = Ids.newId("eni");
        try {
            Db.update("INSERT INTO network_interface (id, account_id, instance_id, vpc_id, subnet_id,"
                    + " availability_zone, private_ip_address, wants_public_ip, mac_address, security_group_ids,"
                    + " attempt, created_at) VALUES ('" + orphanEni + "', '" + account + "', '" + orphan + "', '"
                    + a.vpcId() + "', '" + a.subnetId() + "', 'kr-central-1a', '" + a.privateIpAddress()
                    + "', false, '02:00:00:00:00:01', '', 0, NOW(6))");
            Db.update("INSERT INTO private_ip (subnet_id, ip, network_interface_id, allocated_at) VALUES ('"
                    + a.subnetId() + "', '172.31.15.250', '" + goneEni + "', NOW(6))");

            Map<String, List<Map<String, Object>>> held = new HashMap<>();
            List<Map<String, Object>> violations = new ArrayList<>();
            String token = null;
            do {
                var page = given().auth().oauth2(TestTokens.admin(account)).queryParam("limit", 1000)
                        .queryParams(token == null ? Map.of() : Map.of("nextToken", token))
                        .get("/v1/admin/audit").then().statusCode(200).body("service", equalTo("network"))
                        .extract();
                List<Map<String, Object>> instances = page.path("instances");
                instances.forEach(i -> held.put((String) i.get("instanceId"), holds(i)));
                if (token == null) {
                    violations.addAll(page.path("violations"));
                }
                token = page.path("nextToken");
            } while (token != null);

            List<Map<String, Object>> launched = held.get(r.instanceId());
            assertEquals(2, launched.size(), "the interface and its public address: " + launched);
            assertEquals(Map.of("kind", "interface", "id", a.networkInterfaceId(), "detail", "private IP "
                    + a.privateIpAddress() + " in " + a.subnetId()), launched.get(0));
            assertEquals(Map.of("kind", "public-ip", "id", a.publicIpAddress(), "detail", "auto"), launched.get(1));
            assertEquals(orphanEni, held.get(orphan).get(0).get("id"));

            String address = a.subnetId() + " " + a.privateIpAddress();
            assertTrue(violations.stream().anyMatch(v -> "AddressUsedTwice".equals(v.get("code"))
                    && address.equals(v.get("subject")) && ((String) v.get("detail")).contains(orphanEni)
                    && ((String) v.get("detail")).contains(a.networkInterfaceId())), () -> "" + violations);
            assertTrue(violations.stream().anyMatch(v -> "AddressNotReserved".equals(v.get("code"))
                    && orphanEni.equals(v.get("subject"))), () -> "" + violations);
            assertTrue(violations.stream().noneMatch(v -> a.networkInterfaceId().equals(v.get("subject"))),
                    () -> "the launched interface is consistent: " + violations);
            assertTrue(violations.stream().anyMatch(v -> "AddressLeaked".equals(v.get("code"))
                    && (a.subnetId() + " 172.31.15.250").equals(v.get("subject"))), () -> "" + violations);
        } finally {
            Db.update("DELETE FROM network_interface WHERE id = '" + orphanEni + "'");
            Db.update("DELETE FROM private_ip WHERE network_interface_id = '" + goneEni + "'");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> holds(Map<String, Object> instance) {
        return (List<Map<String, Object>>) instance.get("holds");
    }

    @Test
    void isForAdminsOnly() {
        given().auth().oauth2(TestTokens.user(newAccount())).get("/v1/admin/audit")
                .then().statusCode(403).body("code", equalTo("UnauthorizedOperation"));
    }
}
