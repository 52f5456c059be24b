package dev.haneul.network.attach;

import static dev.haneul.network.support.Saga.launch;
import static dev.haneul.network.support.Saga.newAccount;
import static dev.haneul.network.support.Saga.newInstance;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class InstanceNetworkTest {
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
    void aLaunchGetsAnInterfaceInTheDefaultSubnetOfItsZone() {
        String account = newAccount();
        InstanceRequested r = launch(account, newInstance(), "kr-central-1b", null, null, null);
        saga.send(r);

        InstanceNetworkAttached a = saga.await(InstanceNetworkAttached.class, r.instanceId(), 0);
        assertEquals("172.31.16.4", a.privateIpAddress(), "the lowest free address of 172.31.16.0/20");
        assertTrue(a.networkInterfaceId().matches("eni-[0-9a-f]{17}"));
        assertTrue(a.vpcId().matches("vpc-[0-9a-f]{17}"));
        assertTrue(a.macAddress().matches("02(:[0-9a-f]{2}){5}"));
        assertNotNull(a.publicIpAddress(), "default subnets map public IPs");
        assertTrue(AddressBlock.pool("198.18.0.0/16").isAssignable(a.publicIpAddress()));
        assertEquals(1, Db.count("SELECT COUNT(*) FROM vpc WHERE account_id = '" + account + "'"));
        assertEquals(3, Db.count("SELECT COUNT(*) FROM subnet WHERE account_id = '" + account
                + "' AND default_for_az"));
    }

    @Test
    void aRequestedAddressIsHonouredAndAPublicAddressOnlyWhenAsked() {
        String account = newAccount();
        InstanceRequested r = launch(account, newInstance(), "kr-central-1a", null, "172.31.3.9", false);
        saga.send(r);
        InstanceNetworkAttached a = saga.await(InstanceNetworkAttached.class, r.instanceId(), 0);
        assertEquals("172.31.3.9", a.privateIpAddress());
        assertNull(a.publicIpAddress());
    }

    @Test
    void aRequestedAddressInUseFailsTheLaunchInsteadOfGivingAnother() {
        String account = newAccount();
        InstanceRequested first = launch(account, newInstance(), "kr-central-1a", null, "172.31.3.10", false);
        saga.send(first);
        assertEquals("172.31.3.10", saga.await(InstanceNetworkAttached.class, first.instanceId(), 0)
                .privateIpAddress());

        InstanceRequested second = launch(account, newInstance(), "kr-central-1a", null, "172.31.3.10", false);
        saga.send(second);
        InstanceNetworkFailed failed = saga.await(InstanceNetworkFailed.class, second.instanceId(), 0);
        assertEquals("InvalidIPAddress.InUse", failed.code());
        assertEquals("Address 172.31.3.10 is in use.", failed.message());
        assertEquals(0, Db.count("SELECT COUNT(*) FROM network_interface WHERE instance_id = '"
                + second.instanceId() + "'"), "the refused launch has no interface");
    }

    @Test
    void aRequestedAddressOutsideTheSubnetOrReservedFailsTheLaunch() {
        String account = newAccount();
        // kr-central-1a's default subnet is 172.31.0.0/20: .0-.3 and .15.255 are reserved, 172.31.16.4 is outside
        for (String ip : new String[] { "172.31.16.4", "172.31.0.1", "172.31.0.3", "172.31.15.255", "not-an-ip" }) {
            InstanceRequested r = launch(account, newInstance(), "kr-central-1a", null, ip, false);
            saga.send(r);
            InstanceNetworkFailed failed = saga.await(InstanceNetworkFailed.class, r.instanceId(), 0);
            assertEquals("InvalidParameterValue", failed.code(), ip);
            assertTrue(failed.message().contains(ip), failed.message());
        }
        assertEquals(0, Db.count("SELECT COUNT(*) FROM network_interface WHERE account_id = '" + account + "'"));
    }

    @Test
    void concurrentLaunchesOfANewAccountGetDistinctAddressesAndOneDefaultVpc() throws Exception {
        String account = newAccount();
        List<String> instances = IntStream.range(0, 20).mapToObj(i -> newInstance()).toList();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> sent = new ArrayList<>();
        for (String i : instances) {
            sent.add(senders.submit(() -> saga.send(launch(account, i, "kr-central-1c", null, null, null))));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        senders.shutdown();
        List<InstanceNetworkAttached> attached = saga.awaitAll(InstanceNetworkAttached.class, instances,
                Duration.ofSeconds(90));
        assertEquals(20, attached.size());
        assertEquals(20, new HashSet<>(attached.stream().map(InstanceNetworkAttached::privateIpAddress).toList())
                .size(), "no address twice");
        assertEquals(20, new HashSet<>(attached.stream().map(InstanceNetworkAttached::publicIpAddress).toList())
                .size(), "no public address twice");
        assertEquals(1, Db.count("SELECT COUNT(*) FROM vpc WHERE account_id = '" + account + "'"));
    }

    @Test
    void terminationFreesTheAddressForTheNextLaunch() {
        String account = newAccount();
        InstanceRequested first = launch(account, newInstance(), "kr-central-1a", null, null, null);
        saga.send(first);
        InstanceNetworkAttached a = saga.await(InstanceNetworkAttached.class, first.instanceId(), 0);
        assertEquals("172.31.0.4", a.privateIpAddress());

        saga.send(Saga.terminated(first));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(
                "SELECT COUNT(*) FROM network_interface WHERE instance_id = '" + first.instanceId() + "'") == 0);
        assertEquals(0, Db.count("SELECT COUNT(*) FROM public_ip WHERE instance_id = '" + first.instanceId() + "'"));

        InstanceRequested second = launch(account, newInstance(), "kr-central-1a", null, null, null);
        saga.send(second);
        assertEquals("172.31.0.4", saga.await(InstanceNetworkAttached.class, second.instanceId(), 0)
                .privateIpAddress(), "the freed address is handed out again");
        // a second termination of the first instance finds nothing to release
        saga.send(Saga.terminated(first));
        InstanceRequested third = launch(account, newInstance(), "kr-central-1a", null, null, null);
        saga.send(third);
        assertEquals("172.31.0.5", saga.await(InstanceNetworkAttached.class, third.instanceId(), 0)
                .privateIpAddress());
    }

    @Test
    void aRestartKeepsThePrivateAddressAndGetsANewPublicOne() {
        String account = newAccount();
        InstanceRequested r = launch(account, newInstance(), "kr-central-1b", null, null, true);
        saga.send(r);
        InstanceNetworkAttached first = saga.await(InstanceNetworkAttached.class, r.instanceId(), 0);
        assertNotNull(first.publicIpAddress());

        saga.send(Saga.stopped(r));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(
                "SELECT COUNT(*) FROM public_ip WHERE instance_id = '" + r.instanceId() + "'") == 0);

        saga.send(Saga.restart(r, 1));
        InstanceNetworkAttached again = saga.await(InstanceNetworkAttached.class, r.instanceId(), 1);
        assertEquals(first.privateIpAddress(), again.privateIpAddress());
        assertEquals(first.networkInterfaceId(), again.networkInterfaceId());
        assertEquals(first.macAddress(), again.macAddress());
        assertNotNull(again.publicIpAddress());
        assertEquals(1, Db.count("SELECT COUNT(*) FROM public_ip WHERE instance_id = '" + r.instanceId() + "'"));
    }

    @Test
    void aRepeatedRequestOfTheSameAttemptIsAnsweredWithTheSameInterface() {
        // compute-api's step deadline publishes the request again (a new event) when no answer came
        InstanceRequested r = launch(newAccount(), newInstance(), "kr-central-1a", null, null, true);
        saga.send(r);
        InstanceNetworkAttached first = saga.await(InstanceNetworkAttached.class, r.instanceId(), 0);
        saga.send(r);
        List<InstanceNetworkAttached> answers = saga.awaitAnswers(InstanceNetworkAttached.class,
                List.of(r.instanceId()), 2, Duration.ofSeconds(30));
        assertEquals(2, answers.size());
        InstanceNetworkAttached again = answers.get(1);
        assertEquals(List.of(first.networkInterfaceId(), first.privateIpAddress(), first.publicIpAddress()),
                List.of(again.networkInterfaceId(), again.privateIpAddress(), again.publicIpAddress()));
        assertEquals(1, Db.count("SELECT COUNT(*) FROM network_interface WHERE instance_id = '" + r.instanceId() + "'"));
        assertEquals(1, Db.count("SELECT COUNT(*) FROM public_ip WHERE instance_id = '" + r.instanceId() + "'"));
    }

    @Test
    void anotherAccountsSubnetIsNotFound() {
        String owner = newAccount();
        InstanceRequested mine = launch(owner, newInstance(), "kr-central-1a", null, null, null);
        saga.send(mine);
        String subnetId = saga.await(InstanceNetworkAttached.class, mine.instanceId(), 0).subnetId();

        InstanceRequested theirs = launch(newAccount(), newInstance(), "kr-central-1a", subnetId, null, null);
        saga.send(theirs);
        InstanceNetworkFailed f = saga.await(InstanceNetworkFailed.class, theirs.instanceId(), 0);
        assertEquals("InvalidSubnetID.NotFound", f.code());
        assertNotEquals(0, Db.count("SELECT COUNT(*) FROM subnet WHERE id = '" + subnetId + "'"));
    }

    @Test
    void anInterfaceCarriesTheDefaultGroupOrTheLaunchsOwn() {
        String account = newAccount();
        InstanceRequested plain = launch(account, newInstance(), "kr-central-1a", null, null, null);
        saga.send(plain);
        List<String> groups = saga.await(InstanceNetworkAttached.class, plain.instanceId(), 0).securityGroupIds();
        String defaultGroup = given().auth().oauth2(TestTokens.user(account)).queryParam("groupName", "default")
                .get("/v1/security-groups").then().statusCode(200).extract().path("securityGroups[0].groupId");
        assertEquals(List.of(defaultGroup), groups);

        String web = given().auth().oauth2(TestTokens.user(account)).contentType("application/json")
                .body("{\"groupName\":\"web\",\"description\":\"web\"}").post("/v1/security-groups").then()
                .statusCode(201).extract().path("groupId");
        InstanceRequested withWeb = withGroups(launch(account, newInstance(), "kr-central-1a", null, null, null),
                List.of(web));
        saga.send(withWeb);
        assertEquals(List.of(web), saga.await(InstanceNetworkAttached.class, withWeb.instanceId(), 0)
                .securityGroupIds());
        given().auth().oauth2(TestTokens.user(account)).delete("/v1/security-groups/" + web).then().statusCode(409)
                .body("code", Matchers.equalTo("DependencyViolation"));

        InstanceRequested unknown = withGroups(launch(account, newInstance(), "kr-central-1a", null, null, null),
                List.of("sg-0123456789abcdef0"));
        saga.send(unknown);
        assertEquals("InvalidGroup.NotFound", saga.await(InstanceNetworkFailed.class, unknown.instanceId(), 0).code());
    }

    private static InstanceRequested withGroups(InstanceRequested r, List<String> groups) {
        return new InstanceRequested(r.accountId(), r.instanceId(), r.attempt(), r.at(), r.restart(), r.instanceType(),
                r.family(), r.vcpus(), r.memoryMib(), r.gpus(), r.architecture(), r.availabilityZone(), r.subnetId(),
                r.privateIpAddress(), r.associatePublicIpAddress(), groups, null, r.imageId(), List.of(), null);
    }
}
