package dev.haneul.compute;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.haneul.compute.SagaDriver.UBUNTU;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.haneul.events.instance.InstanceNetworkFailed;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RunInstances' {@code privateIpAddress} is checked when the launch is asked for, as EC2 does: an address that is
 * not one IPv4 address, and (when the subnet is named, so its block is known) one outside the subnet or among its
 * five reserved addresses, are 400 {@code InvalidParameterValue}, and nothing launches. network-service (a fake
 * HTTP server here) answers the subnet.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeServices.class)
class PrivateIpAddressTest {
    @KafkaBootstrap
    String kafka;

    static final String SUBNET = "subnet-0123456789abcdef1";

    private final WireMock network = FakeServices.client();
    private StubMapping stub;

    @BeforeEach
    void subnet() {
        stub = network.register(get(urlEqualTo("/v1/subnets/" + SUBNET)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"subnetId\":\"" + SUBNET + "\",\"vpcId\":\"vpc-0123456789abcdef1\","
                                + "\"availabilityZone\":\"kr-central-1a\",\"cidrBlock\":\"10.0.1.0/24\","
                                + "\"mapPublicIpOnLaunch\":false}")));
    }

    @AfterEach
    void removeStub() {
        network.removeStubMapping(stub);
    }

    static String newAccount() {
        return String.valueOf(100_000_000_000L + (long) (Math.random() * 800_000_000_000L));
    }

    private static ValidatableResponse launch(String token, String subnetId, Object privateIp) {
        Map<String, Object> body = new HashMap<>(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "privateIpAddress", privateIp));
        if (subnetId != null) {
            body.put("subnetId", subnetId);
        }
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/v1/instances").then();
    }

    @Test
    void anAddressThatIsNotOneIpv4AddressIsRefused() {
        String token = TestTokens.user(newAccount());
        for (String ip : new String[] { "not-an-ip", "999.1.1.1", "172.31.0.1/24", "1.2.3", "172.31.0.*", "::1",
                "172.31.0.10 ", "1".repeat(46), "172.31.0." + "0".repeat(40) + "10" }) {
            launch(token, null, ip).statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("InvalidParameterValue"))
                    .body("detail", containsString("privateIpAddress"));
        }
        launch(token, null, 17).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(token).when().get("/v1/instances").then().statusCode(200)
                .body("instances.size()", equalTo(0));
    }

    @Test
    void anAddressOutsideTheNamedSubnetOrReservedInItIsRefused() {
        String token = TestTokens.user(newAccount());
        for (String ip : new String[] { "10.0.2.5", "10.0.0.255", "172.31.0.10" }) {
            launch(token, SUBNET, ip).statusCode(400).body("code", equalTo("InvalidParameterValue"))
                    .body("detail", containsString("not in subnet " + SUBNET + " (10.0.1.0/24)"));
        }
        for (String ip : new String[] { "10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255" }) {
            launch(token, SUBNET, ip).statusCode(400).body("code", equalTo("InvalidParameterValue"))
                    .body("detail", containsString("reserved"));
        }
        given().auth().oauth2(token).when().get("/v1/instances").then().statusCode(200)
                .body("instances.size()", equalTo(0));
        launch(token, SUBNET, "10.0.1.4").statusCode(202);
        launch(token, SUBNET, "10.0.1.254").statusCode(202);
    }

    @Test
    void anAddressInUseEndsTheLaunchWithEc2sReason() {
        // a launch into the default subnet: only network-service, which assigns the address, can refuse it
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "privateIpAddress", "172.31.0.10"));
        EventProbe.publish(kafka, "network-service", new InstanceNetworkFailed(d.account, id, 0, Instant.now(),
                "InvalidIPAddress.InUse", "Address 172.31.0.10 is in use."));
        d.awaitState(id, "terminated");
        given().auth().oauth2(d.token).when().get("/v1/instances/" + id).then().statusCode(200)
                .body("stateReason.code", equalTo("Client.InvalidIPAddress.InUse"))
                .body("stateReason.message", containsString("Address 172.31.0.10 is in use."));
    }

    @Test
    void numbersAreWholeAndParametersNumeric() {
        String token = TestTokens.user(newAccount());
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"imageId\":\"" + UBUNTU + "\",\"instanceType\":\"t3.micro\",\"minCount\":1.5}")
                .when().post("/v1/instances").then().statusCode(400).body("code", equalTo("InvalidParameterValue"))
                .body("detail", containsString("minCount"));
        given().auth().oauth2(token).when().get("/v1/instances?limit=abc").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue")).body("detail", containsString("limit"));
        given().auth().oauth2(token).when().get("/v1/instances").then().statusCode(200)
                .body("instances.size()", equalTo(0));
    }
}
