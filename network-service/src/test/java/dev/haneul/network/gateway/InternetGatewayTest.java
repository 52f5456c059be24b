package dev.haneul.network.gateway;

import static dev.haneul.network.support.Api.as;
import static dev.haneul.network.support.Saga.launch;
import static dev.haneul.network.support.Saga.newAccount;
import static dev.haneul.network.support.Saga.newInstance;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.network.support.Api;
import dev.haneul.network.support.Db;
import dev.haneul.network.support.Saga;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class InternetGatewayTest {
    @KafkaBootstrap
    String bootstrap;

    private static void attachFails(String account, String gatewayId, String vpcId, int status, String code) {
        as(account).body("{\"vpcId\":\"" + vpcId + "\"}").post("/v1/internet-gateways/" + gatewayId + "/attach")
                .then().statusCode(status).body("code", equalTo(code));
    }

    private static void detach(String account, String gatewayId, String vpcId, int status) {
        as(account).body("{\"vpcId\":\"" + vpcId + "\"}").post("/v1/internet-gateways/" + gatewayId + "/detach")
                .then().statusCode(status);
    }

    @Test
    void aMalformedBodyCreatesNoGateway() {
        String account = newAccount();
        as(account).get("/v1/internet-gateways").then().statusCode(200); // the default VPC's gateway is made
        long before = Db.count("SELECT COUNT(*) FROM internet_gateway WHERE account_id = '" + account + "'");
        as(account).body("{not json").post("/v1/internet-gateways").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("InvalidParameterValue"));
        as(account).body("{\"bogus\":1}").post("/v1/internet-gateways").then().statusCode(400)
                .body("code", equalTo("UnknownParameter"));
        assertEquals(before, Db.count("SELECT COUNT(*) FROM internet_gateway WHERE account_id = '" + account
                + "'"), "no refused request created a gateway");
        as(account).body("{}").post("/v1/internet-gateways").then().statusCode(201);
        // as curl -X POST sends it: no body, no Content-Type
        given().auth().oauth2(TestTokens.user(account)).post("/v1/internet-gateways").then().statusCode(201);
        assertEquals(before + 2, Db.count("SELECT COUNT(*) FROM internet_gateway WHERE account_id = '" + account
                + "'"));
    }

    @Test
    void createAttachDetachDelete() {
        String account = newAccount();
        String vpcId = Api.vpc(account, "10.0.0.0/16");
        String gatewayId = as(account).post("/v1/internet-gateways").then().statusCode(201)
                .body("ownerId", equalTo(account)).body("attachments", empty())
                .extract().path("internetGatewayId");
        as(account).body("{\"vpcId\":\"" + vpcId + "\"}").post("/v1/internet-gateways/" + gatewayId + "/attach")
                .then().statusCode(200).body("attachments[0].vpcId", equalTo(vpcId))
                .body("attachments[0].state", equalTo("available"));
        as(account).get("/v1/internet-gateways/" + gatewayId).then().statusCode(200)
                .body("attachments[0].vpcId", equalTo(vpcId));
        as(account).queryParam("vpcId", vpcId).get("/v1/internet-gateways").then().statusCode(200)
                .body("internetGateways", hasSize(1)).body("internetGateways[0].internetGatewayId", equalTo(gatewayId));

        as(account).delete("/v1/internet-gateways/" + gatewayId).then().statusCode(409)
                .body("code", equalTo("DependencyViolation"));
        as(account).delete("/v1/vpcs/" + vpcId).then().statusCode(409).body("code", equalTo("DependencyViolation"));

        detach(account, gatewayId, vpcId, 200);
        as(account).get("/v1/internet-gateways/" + gatewayId).then().body("attachments", empty());
        as(account).body("{\"vpcId\":\"" + vpcId + "\"}").post("/v1/internet-gateways/" + gatewayId + "/detach")
                .then().statusCode(400).body("code", equalTo("Gateway.NotAttached"));
        as(account).delete("/v1/internet-gateways/" + gatewayId).then().statusCode(204);
        as(account).get("/v1/internet-gateways/" + gatewayId).then().statusCode(404)
                .body("code", equalTo("InvalidInternetGatewayID.NotFound"));
        as(account).get("/v1/internet-gateways").then().body("internetGateways.internetGatewayId",
                not(hasItem(gatewayId)));
        as(account).delete("/v1/vpcs/" + vpcId).then().statusCode(204);
    }

    @Test
    void oneGatewayPerVpcAndOneVpcPerGateway() {
        String account = newAccount();
        String[] first = Api.vpcWithGateway(account, "10.1.0.0/16");
        String other = Api.gateway(account);
        attachFails(account, other, first[0], 409, "Resource.AlreadyAssociated");
        String secondVpc = Api.vpc(account, "10.2.0.0/16");
        attachFails(account, first[1], secondVpc, 409, "Resource.AlreadyAssociated");
        // detaching from the wrong VPC
        as(account).body("{\"vpcId\":\"" + secondVpc + "\"}").post("/v1/internet-gateways/" + first[1] + "/detach")
                .then().statusCode(400).body("code", equalTo("Gateway.NotAttached"));
        Api.attach(account, other, secondVpc);
    }

    @Test
    void unknownMalformedAndOtherAccountsGateways() {
        String account = newAccount();
        String vpcId = Api.vpc(account, "10.3.0.0/16");
        as(account).get("/v1/internet-gateways/igw-0123456789abcdef0").then().statusCode(404)
                .body("code", equalTo("InvalidInternetGatewayID.NotFound"));
        as(account).get("/v1/internet-gateways/nope").then().statusCode(400)
                .body("code", equalTo("InvalidInternetGatewayID.Malformed"));
        attachFails(account, "igw-0123456789abcdef0", vpcId, 404, "InvalidInternetGatewayID.NotFound");
        attachFails(account, Api.gateway(account), "vpc-0123456789abcdef0", 404, "InvalidVpcID.NotFound");
        as(account).body("{}").post("/v1/internet-gateways/igw-0123456789abcdef0/attach").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        String theirs = Api.gateway(newAccount());
        attachFails(account, theirs, vpcId, 404, "InvalidInternetGatewayID.NotFound");
        as(account).delete("/v1/internet-gateways/" + theirs).then().statusCode(404);
        as(account).delete("/v1/internet-gateways/igw-0123456789abcdef0").then().statusCode(404)
                .body("code", equalTo("InvalidInternetGatewayID.NotFound"));
    }

    @Test
    void fiveGatewaysPerAccountCountingTheDefaultVpcsOne() {
        String account = newAccount();
        for (int i = 0; i < 4; i++) {
            Api.gateway(account);
        }
        as(account).get("/v1/internet-gateways").then().body("internetGateways", hasSize(5));
        as(account).post("/v1/internet-gateways").then().statusCode(400)
                .body("code", equalTo("InternetGatewayLimitExceeded"));
    }

    @Test
    void theDefaultVpcHasAnAttachedGateway() {
        String account = newAccount();
        String vpcId = as(account).get("/v1/vpcs").then().statusCode(200).extract().path("vpcs[0].vpcId");
        as(account).get("/v1/internet-gateways").then().statusCode(200).body("internetGateways", hasSize(1))
                .body("internetGateways[0].attachments[0].vpcId", equalTo(vpcId));
    }

    @Test
    void detachIsRefusedWhileAnInstanceOfTheVpcHoldsAPublicIp() {
        String account = newAccount();
        String[] net = Api.vpcWithGateway(account, "10.4.0.0/16");
        String subnetId = Api.subnet(account, net[0], "10.4.1.0/24");
        try (Saga saga = new Saga(bootstrap)) {
            InstanceRequested r = launch(account, newInstance(), null, subnetId, null, true);
            saga.send(r);
            assertNotNull(saga.await(InstanceNetworkAttached.class, r.instanceId(), 0).publicIpAddress());
            as(account).body("{\"vpcId\":\"" + net[0] + "\"}").post("/v1/internet-gateways/" + net[1] + "/detach")
                    .then().statusCode(409).body("code", equalTo("DependencyViolation"));
            // a VPC with an instance cannot be deleted either
            as(account).delete("/v1/vpcs/" + net[0]).then().statusCode(409)
                    .body("code", equalTo("DependencyViolation"));

            saga.send(Saga.stopped(r));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(
                    "SELECT COUNT(*) FROM public_ip WHERE instance_id = '" + r.instanceId() + "'") == 0);
            detach(account, net[1], net[0], 200);
        }
    }
}
