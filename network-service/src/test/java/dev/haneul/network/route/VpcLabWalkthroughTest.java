package dev.haneul.network.route;

import static dev.haneul.network.support.Api.as;
import static dev.haneul.network.support.Saga.newAccount;
import static dev.haneul.network.support.Saga.newInstance;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.network.support.Saga;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The README's walkthrough of the seeds' VPC lab, call by call (compute-api's launch played by its event). */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class VpcLabWalkthroughTest {
    @KafkaBootstrap
    String bootstrap;

    @Test
    void theSeedsVpcLab() {
        String account = newAccount();
        // 1–2
        String vpc = as(account).body("{\"cidrBlock\":\"10.0.0.0/16\"}").post("/v1/vpcs").then().statusCode(201)
                .extract().path("vpcId");
        String pub = as(account).body("{\"vpcId\":\"" + vpc + "\",\"cidrBlock\":\"10.0.1.0/24\",\"availabilityZone\":"
                + "\"kr-central-1a\",\"mapPublicIpOnLaunch\":true}").post("/v1/subnets").then().statusCode(201)
                .extract().path("subnetId");
        String priv = as(account).body("{\"vpcId\":\"" + vpc + "\",\"cidrBlock\":\"10.0.2.0/24\",\"availabilityZone\":"
                + "\"kr-central-1a\"}").post("/v1/subnets").then().statusCode(201).extract().path("subnetId");
        // 3
        String igw = as(account).post("/v1/internet-gateways").then().statusCode(201).extract()
                .path("internetGatewayId");
        as(account).body("{\"vpcId\":\"" + vpc + "\"}").post("/v1/internet-gateways/" + igw + "/attach").then()
                .statusCode(200).body("attachments[0].state", equalTo("available"));
        // 4
        String rtb = as(account).body("{\"vpcId\":\"" + vpc + "\"}").post("/v1/route-tables").then().statusCode(201)
                .extract().path("routeTableId");
        as(account).body("{\"destinationCidrBlock\":\"0.0.0.0/0\",\"gatewayId\":\"" + igw + "\"}")
                .post("/v1/route-tables/" + rtb + "/routes").then().statusCode(200)
                .body("routes.gatewayId", contains("local", igw)).body("routes.state", contains("active", "active"));
        as(account).body("{\"subnetId\":\"" + pub + "\"}").post("/v1/route-tables/" + rtb + "/associations").then()
                .statusCode(201);
        as(account).queryParam("vpcId", vpc).get("/v1/subnets").then().statusCode(200)
                .body("subnets.find { it.subnetId == '" + pub + "' }.isPublic", equalTo(true))
                .body("subnets.find { it.subnetId == '" + priv + "' }.isPublic", equalTo(false))
                .body("subnets.availableIpAddressCount", contains(251, 251));
        // 5
        String sg = as(account).body("{\"groupName\":\"ssh\",\"description\":\"SSH from anywhere\",\"vpcId\":\"" + vpc
                + "\"}").post("/v1/security-groups").then().statusCode(201).extract().path("groupId");
        as(account).body("{\"ipPermissions\":[{\"ipProtocol\":\"tcp\",\"fromPort\":22,\"toPort\":22,\"ipRanges\":"
                + "[{\"cidrIp\":\"0.0.0.0/0\",\"description\":\"SSH\"}]}]}").post("/v1/security-groups/" + sg
                        + "/ingress").then().statusCode(200)
                .body("ipPermissions[0].fromPort", equalTo(22)).body("ipPermissions[0].ipRanges[0].cidrIp",
                        equalTo("0.0.0.0/0"));
        // 6: compute-api's launch
        String id = newInstance();
        try (Saga saga = new Saga(bootstrap)) {
            InstanceRequested launch = new InstanceRequested(account, id, 0, Instant.now(), false, "t3.micro", "t3", 2,
                    1024, 0, "x86_64", "kr-central-1a", pub, null, true, List.of(sg), null, "ami-0a1b2c3d4e5f60001",
                    List.of(), null);
            saga.send(launch);
            InstanceNetworkAttached a = saga.await(InstanceNetworkAttached.class, id, 0);
            assertEquals("10.0.1.4", a.privateIpAddress());
            assertEquals(List.of(sg), a.securityGroupIds());
            assertNotNull(a.publicIpAddress());
            as(account).queryParam("instanceId", id).get("/v1/network-interfaces").then()
                    .body("networkInterfaces[0].association.publicIp", equalTo(a.publicIpAddress()));
            // 7
            String eip = as(account).post("/v1/elastic-ips").then().statusCode(201).extract().path("allocationId");
            String eipAddress = as(account).body("{\"instanceId\":\"" + id + "\"}").post("/v1/elastic-ips/" + eip
                    + "/associate").then().statusCode(200).body("instanceId", equalTo(id)).extract().path("publicIp");
            assertNotEquals(a.publicIpAddress(), eipAddress);
            as(account).queryParam("instanceId", id).get("/v1/network-interfaces").then()
                    .body("networkInterfaces[0].association.publicIp", equalTo(eipAddress));

            // clean up, in the README's order
            as(account).post("/v1/elastic-ips/" + eip + "/disassociate").then().statusCode(200);
            as(account).delete("/v1/elastic-ips/" + eip).then().statusCode(204);
            saga.send(Saga.terminated(launch));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> as(account).queryParam("instanceId", id)
                    .get("/v1/network-interfaces").then().extract().<List<?>>path("networkInterfaces").isEmpty());
        }
        as(account).delete("/v1/vpcs/" + vpc).then().statusCode(409).body("code", equalTo("DependencyViolation"));
        String assoc = as(account).get("/v1/route-tables/" + rtb).then().extract()
                .path("associations.find { !it.main }.routeTableAssociationId");
        as(account).delete("/v1/route-tables/associations/" + assoc).then().statusCode(204);
        as(account).delete("/v1/route-tables/" + rtb).then().statusCode(204);
        as(account).body("{\"vpcId\":\"" + vpc + "\"}").post("/v1/internet-gateways/" + igw + "/detach").then()
                .statusCode(200);
        as(account).delete("/v1/internet-gateways/" + igw).then().statusCode(204);
        as(account).delete("/v1/security-groups/" + sg).then().statusCode(204);
        as(account).delete("/v1/subnets/" + pub).then().statusCode(204);
        as(account).delete("/v1/subnets/" + priv).then().statusCode(204);
        as(account).delete("/v1/vpcs/" + vpc).then().statusCode(204);
    }
}
