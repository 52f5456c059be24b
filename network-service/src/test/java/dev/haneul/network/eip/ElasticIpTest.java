package dev.haneul.network.eip;

import static dev.haneul.network.support.Api.as;
import static dev.haneul.network.support.Saga.launch;
import static dev.haneul.network.support.Saga.newAccount;
import static dev.haneul.network.support.Saga.newInstance;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.network.ElasticIpAssociated;
import dev.haneul.events.network.ElasticIpDisassociated;
import dev.haneul.events.network.PublicIpAcquired;
import dev.haneul.events.network.PublicIpReleased;
import dev.haneul.network.ipam.AddressBlock;
import dev.haneul.network.support.Api;
import dev.haneul.network.support.Db;
import dev.haneul.network.support.NetworkEvents;
import dev.haneul.network.support.Saga;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ElasticIpTest {
    @KafkaBootstrap
    String bootstrap;

    Saga saga;
    NetworkEvents events;

    @BeforeEach
    void probes() {
        saga = new Saga(bootstrap);
        events = new NetworkEvents(bootstrap);
    }

    @AfterEach
    void close() {
        saga.close();
        events.close();
    }

    @Test
    void anAllocationsBodyIsReadAndAMalformedOneAllocatesNothing() {
        String account = newAccount();
        as(account).body("{not json").post("/v1/elastic-ips").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("InvalidParameterValue"));
        as(account).body("{\"domain\":\"standard\"}").post("/v1/elastic-ips").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        as(account).body("{\"bogus\":1}").post("/v1/elastic-ips").then().statusCode(400)
                .body("code", equalTo("UnknownParameter"));
        assertEquals(0, Db.count("SELECT COUNT(*) FROM public_ip WHERE kind = 'elastic' AND account_id = '"
                + account + "'"), "no refused request allocated an address");
        as(account).body("{\"domain\":\"vpc\"}").post("/v1/elastic-ips").then().statusCode(201)
                .body("domain", equalTo("vpc"));
        // as curl -X POST sends it: no body, no Content-Type
        given().auth().oauth2(TestTokens.user(account)).post("/v1/elastic-ips").then().statusCode(201);
        as(account).queryParam("limit", "abc").get("/v1/elastic-ips").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue")).body("detail", containsString("limit"));
    }

    private InstanceNetworkAttached launched(InstanceRequested r) {
        saga.send(r);
        return saga.await(InstanceNetworkAttached.class, r.instanceId(), 0);
    }

    private static ValidatableResponse associate(String account, String allocationId,
            String body) {
        return as(account).body(body).post("/v1/elastic-ips/" + allocationId + "/associate").then();
    }

    private static String byInstance(String instanceId, boolean reassociate) {
        return "{\"instanceId\":\"" + instanceId + "\"" + (reassociate ? ",\"allowReassociation\":true" : "") + "}";
    }

    private static String publicIpOf(String account, String instanceId) {
        return as(account).queryParam("instanceId", instanceId).get("/v1/network-interfaces").then().statusCode(200)
                .extract().path("networkInterfaces[0].association.publicIp");
    }

    @Test
    void allocateDescribeAndRelease() {
        String account = newAccount();
        String allocationId = as(account).post("/v1/elastic-ips").then().statusCode(201)
                .body("domain", equalTo("vpc")).body("ownerId", equalTo(account))
                .body("associationId", nullValue()).body("instanceId", nullValue())
                .extract().path("allocationId");
        assertTrue(allocationId.matches("eipalloc-[0-9a-f]{17}"));
        String ip = as(account).get("/v1/elastic-ips/" + allocationId).then().statusCode(200).extract().path("publicIp");
        assertTrue(AddressBlock.pool("198.18.0.0/16").isAssignable(ip));
        as(account).get("/v1/elastic-ips").then().statusCode(200).body("addresses", hasSize(1))
                .body("addresses[0].publicIp", equalTo(ip));

        PublicIpAcquired acquired = events.await(account, PublicIpAcquired.class, 1).get(0);
        assertEquals("elastic", acquired.kind());
        assertEquals(allocationId, acquired.leaseId());
        assertEquals(allocationId, acquired.allocationId());
        assertEquals(ip, acquired.publicIp());
        assertNull(acquired.instanceId());

        as(account).delete("/v1/elastic-ips/" + allocationId).then().statusCode(204);
        as(account).get("/v1/elastic-ips/" + allocationId).then().statusCode(404)
                .body("code", equalTo("InvalidAllocationID.NotFound"));
        as(account).delete("/v1/elastic-ips/" + allocationId).then().statusCode(404)
                .body("code", equalTo("InvalidAllocationID.NotFound"));
        as(account).get("/v1/elastic-ips").then().body("addresses", hasSize(0));
        PublicIpReleased released = events.await(account, PublicIpReleased.class, 1).get(0);
        assertEquals(allocationId, released.leaseId());
        assertEquals("elastic", released.kind());
        assertEquals(0, Db.count("SELECT COUNT(*) FROM public_ip WHERE ip = '" + ip + "'"), "back in the pool");
    }

    @Test
    void fiveElasticIpsPerAccount() {
        String account = newAccount();
        for (int i = 0; i < 5; i++) {
            Api.allocate(account);
        }
        as(account).post("/v1/elastic-ips").then().statusCode(400).body("code", equalTo("AddressLimitExceeded"));
        // another account has its own quota
        Api.allocate(newAccount());
    }

    @Test
    void racingAllocationsNeverExceedTheLimit() throws Exception {
        String account = newAccount();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> answers = IntStream.range(0, 10).mapToObj(i -> pool.submit(
                    () -> as(account).post("/v1/elastic-ips").then().extract().statusCode())).toList();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : answers) {
                codes.add(f.get());
            }
            assertEquals(5, codes.stream().filter(c -> c == 201).count(), codes.toString());
            assertEquals(5, codes.stream().filter(c -> c == 400).count(), codes.toString());
        } finally {
            pool.shutdown();
        }
        as(account).get("/v1/elastic-ips").then().body("addresses", hasSize(5));
    }

    @Test
    void anElasticIpReplacesTheAutoAddressAndStaysAcrossStopAndStart() {
        String account = newAccount();
        InstanceRequested r = launch(account, newInstance(), "kr-central-1a", null, null, null);
        InstanceNetworkAttached first = launched(r);
        String autoIp = first.publicIpAddress();
        assertNotNull(autoIp, "the default subnet maps public IPs");
        String allocationId = Api.allocate(account);
        String eip = as(account).get("/v1/elastic-ips/" + allocationId).then().extract().path("publicIp");

        associate(account, allocationId, byInstance(r.instanceId(), false)).statusCode(200)
                .body("instanceId", equalTo(r.instanceId()))
                .body("networkInterfaceId", equalTo(first.networkInterfaceId()))
                .body("privateIpAddress", equalTo(first.privateIpAddress()))
                .body("associationId", notNullValue());
        assertEquals(eip, publicIpOf(account, r.instanceId()));
        as(account).queryParam("instanceId", r.instanceId()).get("/v1/elastic-ips").then()
                .body("addresses[0].allocationId", equalTo(allocationId));

        // the auto lease ended, the association was published
        PublicIpAcquired autoLease = events.await(account, PublicIpAcquired.class,
                l -> l.stream().anyMatch(e -> e.kind().equals("auto"))).stream()
                .filter(e -> e.kind().equals("auto")).findFirst().orElseThrow();
        assertEquals(r.instanceId(), autoLease.instanceId());
        assertEquals(autoIp, autoLease.publicIp());
        PublicIpReleased autoEnd = events.await(account, PublicIpReleased.class, 1).get(0);
        assertEquals(autoLease.leaseId(), autoEnd.leaseId());
        assertEquals("auto", autoEnd.kind());
        ElasticIpAssociated associated = events.await(account, ElasticIpAssociated.class, 1).get(0);
        assertEquals(allocationId, associated.allocationId());
        assertEquals(r.instanceId(), associated.instanceId());
        assertEquals(eip, associated.publicIp());

        as(account).delete("/v1/elastic-ips/" + allocationId).then().statusCode(409)
                .body("code", equalTo("InvalidIPAddress.InUse"));

        // stop and start: the elastic IP stays, no auto address is assigned
        saga.send(Saga.stopped(r));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Db.count("SELECT COUNT(*) FROM network_interface "
                + "WHERE instance_id = '" + r.instanceId() + "' AND NOT running") == 1);
        assertEquals(eip, publicIpOf(account, r.instanceId()));
        saga.send(Saga.restart(r, 1));
        assertEquals(eip, saga.await(InstanceNetworkAttached.class, r.instanceId(), 1).publicIpAddress());
        assertEquals(0, Db.count("SELECT COUNT(*) FROM public_ip WHERE kind = 'auto' AND instance_id = '"
                + r.instanceId() + "'"));

        // disassociating gives the running instance a new auto address (it was launched with one)
        as(account).post("/v1/elastic-ips/" + allocationId + "/disassociate").then().statusCode(200)
                .body("instanceId", nullValue()).body("associationId", nullValue());
        String newAuto = publicIpOf(account, r.instanceId());
        assertNotNull(newAuto);
        assertNotEquals(eip, newAuto);
        ElasticIpDisassociated off = events.await(account, ElasticIpDisassociated.class, 1).get(0);
        assertEquals(associated.associationId(), off.associationId());
        assertEquals(r.instanceId(), off.instanceId());
        as(account).post("/v1/elastic-ips/" + allocationId + "/disassociate").then().statusCode(404)
                .body("code", equalTo("InvalidAssociationID.NotFound"));
        as(account).delete("/v1/elastic-ips/" + allocationId).then().statusCode(204);
    }

    @Test
    void anAssociatedElasticIpMovesOnlyWhenReassociationIsAllowed() {
        String account = newAccount();
        InstanceRequested one = launch(account, newInstance(), "kr-central-1b", null, null, false);
        InstanceRequested two = launch(account, newInstance(), "kr-central-1b", null, null, false);
        launched(one);
        InstanceNetworkAttached twoAttached = launched(two);
        String allocationId = Api.allocate(account);
        associate(account, allocationId, byInstance(one.instanceId(), false)).statusCode(200);
        // associating again with the same instance changes nothing
        associate(account, allocationId, byInstance(one.instanceId(), false)).statusCode(200)
                .body("instanceId", equalTo(one.instanceId()));
        associate(account, allocationId, byInstance(two.instanceId(), false)).statusCode(409)
                .body("code", equalTo("Resource.AlreadyAssociated"));
        associate(account, allocationId, "{\"networkInterfaceId\":\"" + twoAttached.networkInterfaceId()
                + "\",\"allowReassociation\":true}").statusCode(200)
                .body("instanceId", equalTo(two.instanceId()));
        assertNull(publicIpOf(account, one.instanceId()), "launched without a public IP: none after the move");
        assertNotNull(publicIpOf(account, two.instanceId()));
    }

    @Test
    void theInstancesVpcNeedsAnInternetGateway() {
        String account = newAccount();
        String vpcId = Api.vpc(account, "10.20.0.0/16");
        String subnetId = Api.subnet(account, vpcId, "10.20.1.0/24");
        InstanceRequested r = launch(account, newInstance(), null, subnetId, null, null);
        InstanceNetworkAttached a = launched(r);
        assertNull(a.publicIpAddress());
        String allocationId = Api.allocate(account);
        associate(account, allocationId, byInstance(r.instanceId(), false)).statusCode(400)
                .body("code", equalTo("Gateway.NotAttached"));
        String gatewayId = Api.gateway(account);
        Api.attach(account, gatewayId, vpcId);
        associate(account, allocationId, "{\"networkInterfaceId\":\"" + a.networkInterfaceId() + "\"}")
                .statusCode(200).body("networkInterfaceId", equalTo(a.networkInterfaceId()));
        // the gateway cannot go while the elastic IP is mapped
        as(account).body("{\"vpcId\":\"" + vpcId + "\"}").post("/v1/internet-gateways/" + gatewayId + "/detach")
                .then().statusCode(409).body("code", equalTo("DependencyViolation"));
    }

    @Test
    void terminationDisassociatesButTheAccountKeepsTheAddress() {
        String account = newAccount();
        InstanceRequested r = launch(account, newInstance(), "kr-central-1c", null, null, null);
        launched(r);
        String allocationId = Api.allocate(account);
        associate(account, allocationId, byInstance(r.instanceId(), false)).statusCode(200);
        saga.send(Saga.terminated(r));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> as(account).get("/v1/elastic-ips/"
                + allocationId).then().extract().path("instanceId") == null);
        List<ElasticIpDisassociated> off = events.await(account, ElasticIpDisassociated.class, 1);
        assertEquals(r.instanceId(), off.get(0).instanceId());
        as(account).get("/v1/elastic-ips").then().body("addresses.allocationId", hasItem(allocationId));
        as(account).delete("/v1/elastic-ips/" + allocationId).then().statusCode(204);
    }

    @Test
    void badAssociationRequests() {
        String account = newAccount();
        String allocationId = Api.allocate(account);
        associate(account, allocationId, "{}").statusCode(400).body("code", equalTo("MissingParameter"));
        associate(account, allocationId, "{\"instanceId\":\"i-0123456789abcdef0\",\"networkInterfaceId\":"
                + "\"eni-0123456789abcdef0\"}").statusCode(400).body("code", equalTo("InvalidParameterCombination"));
        associate(account, allocationId, byInstance("i-0123456789abcdef0", false)).statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
        associate(account, allocationId, "{\"networkInterfaceId\":\"eni-0123456789abcdef0\"}").statusCode(404)
                .body("code", equalTo("InvalidNetworkInterfaceID.NotFound"));
        associate(account, allocationId, byInstance("bogus", false)).statusCode(400)
                .body("code", equalTo("InvalidInstanceID.Malformed"));
        associate(account, "eipalloc-0123456789abcdef0", byInstance("i-0123456789abcdef0", false)).statusCode(404)
                .body("code", equalTo("InvalidAllocationID.NotFound"));
        as(account).get("/v1/elastic-ips/nope").then().statusCode(400)
                .body("code", equalTo("InvalidAllocationID.Malformed"));
        // another account's elastic IP and instance are not found
        String stranger = newAccount();
        as(stranger).get("/v1/elastic-ips/" + allocationId).then().statusCode(404);
        as(stranger).delete("/v1/elastic-ips/" + allocationId).then().statusCode(404);
        as(stranger).get("/v1/elastic-ips").then().body("addresses.allocationId", not(hasItem(allocationId)));
        InstanceRequested theirs = launch(stranger, newInstance(), "kr-central-1a", null, null, null);
        launched(theirs);
        associate(account, allocationId, byInstance(theirs.instanceId(), false)).statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
    }
}
