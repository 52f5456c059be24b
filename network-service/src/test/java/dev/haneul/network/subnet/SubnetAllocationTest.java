package dev.haneul.network.subnet;

import static dev.haneul.network.support.Saga.launch;
import static dev.haneul.network.support.Saga.newAccount;
import static dev.haneul.network.support.Saga.newInstance;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceNetworkFailed;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.network.ipam.AddressBlock;
import dev.haneul.network.support.Db;
import dev.haneul.network.support.Saga;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SubnetAllocationTest {
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

    static RequestSpecification as(String account) {
        return given().auth().oauth2(TestTokens.user(account)).contentType("application/json");
    }

    static String subnetIn(String account, String vpcCidr, String subnetCidr) {
        String vpcId = as(account).body("{\"cidrBlock\":\"" + vpcCidr + "\"}").post("/v1/vpcs").then()
                .statusCode(201).extract().path("vpcId");
        return as(account).body("{\"vpcId\":\"" + vpcId + "\",\"cidrBlock\":\"" + subnetCidr + "\"}")
                .post("/v1/subnets").then().statusCode(201).extract().path("subnetId");
    }

    @Test
    void aFullSlash28RefusesTheTwelfthInstance() {
        String account = newAccount();
        String subnetId = subnetIn(account, "10.0.0.0/24", "10.0.0.16/28");
        List<InstanceRequested> launches = IntStream.range(0, 12)
                .mapToObj(i -> launch(account, newInstance(), null, subnetId, null, null)).toList();
        saga.sendAll(launches);
        List<String> ids = launches.stream().map(InstanceRequested::instanceId).toList();
        List<InstanceNetworkAttached> attached = saga.awaitAnswers(InstanceNetworkAttached.class, ids, 11,
                Duration.ofSeconds(60));
        // events of distinct instances may be handled in any order: which one is refused is not fixed
        InstanceNetworkFailed failed = saga.awaitAnswers(InstanceNetworkFailed.class, ids, 1, Duration.ofSeconds(60))
                .get(0);
        assertEquals("InsufficientFreeAddressesInSubnet", failed.code());
        assertEquals("There are not enough free addresses in subnet '" + subnetId
                + "' to satisfy the requested number of instances.", failed.message());
        assertEquals(11, attached.size());
        attached.forEach(a -> {
            assertTrue(AddressBlock.subnet("10.0.0.16/28").isAssignable(a.privateIpAddress()));
            assertNull(a.publicIpAddress(), "a non-default subnet does not map public IPs");
        });
        as(account).get("/v1/subnets/" + subnetId).then().statusCode(200).body("availableIpAddressCount",
                equalTo(0));
        as(account).delete("/v1/subnets/" + subnetId).then().statusCode(409)
                .body("code", equalTo("DependencyViolation"));
    }

    @Test
    void fiveHundredLaunchesIntoASlash24GiveExactly251DistinctAddresses() {
        String account = newAccount();
        String subnetId = subnetIn(account, "10.8.0.0/16", "10.8.3.0/24");
        List<InstanceRequested> launches = IntStream.range(0, 500)
                .mapToObj(i -> launch(account, newInstance(), null, subnetId, null, null)).toList();
        saga.sendAll(launches);
        Set<String> ids = new HashSet<>(launches.stream().map(InstanceRequested::instanceId).toList());
        List<InstanceNetworkFailed> failed = saga.awaitAnswers(InstanceNetworkFailed.class, ids, 249,
                Duration.ofSeconds(240));
        List<InstanceNetworkAttached> attached = saga.awaitAnswers(InstanceNetworkAttached.class, ids, 251,
                Duration.ofSeconds(60));
        assertEquals(251, attached.size());
        assertEquals(249, failed.size());
        assertEquals(251, new HashSet<>(attached.stream().map(InstanceNetworkAttached::privateIpAddress).toList())
                .size());
        assertTrue(failed.stream().allMatch(f -> f.code().equals("InsufficientFreeAddressesInSubnet")));
        as(account).get("/v1/subnets/" + subnetId).then().statusCode(200).body("availableIpAddressCount",
                equalTo(0));

        // terminating everything (the refused launches too, as compute-api's compensation does) frees every address
        saga.sendAll(launches.stream().map(Saga::terminated).toList());
        Awaitility.await().atMost(Duration.ofSeconds(240)).until(() -> as(account).get("/v1/subnets/" + subnetId)
                .then().statusCode(200).extract().<Integer>path("availableIpAddressCount") == 251);
        assertEquals(0, Db.count("SELECT COUNT(*) FROM network_interface WHERE subnet_id = '" + subnetId + "'"));
        assertEquals(0, Db.count("SELECT COUNT(*) FROM private_ip WHERE subnet_id = '" + subnetId + "'"));
    }
}
