package dev.haneul.network.vpc;

import static dev.haneul.network.support.Saga.newAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class NetworkApiTest {

    static RequestSpecification as(String account) {
        return given().auth().oauth2(TestTokens.user(account));
    }

    @Test
    void listingCreatesTheDefaultVpcOnceWithOneSubnetPerZone() {
        String account = newAccount();
        String vpcId = as(account).get("/v1/vpcs").then().statusCode(200)
                .body("vpcs", hasSize(1))
                .body("vpcs[0].cidrBlock", equalTo("172.31.0.0/16"))
                .body("vpcs[0].isDefault", equalTo(true))
                .body("vpcs[0].state", equalTo("available"))
                .body("vpcs[0].ownerId", equalTo(account))
                .body("nextToken", nullValue())
                .extract().path("vpcs[0].vpcId");
        as(account).get("/v1/vpcs").then().statusCode(200).body("vpcs", hasSize(1))
                .body("vpcs[0].vpcId", equalTo(vpcId));
        as(account).get("/v1/vpcs/" + vpcId).then().statusCode(200).body("vpcId", equalTo(vpcId));

        as(account).get("/v1/subnets").then().statusCode(200)
                .body("subnets", hasSize(3))
                .body("subnets.cidrBlock", containsInAnyOrder("172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20"))
                .body("subnets.availabilityZone",
                        containsInAnyOrder("kr-central-1a", "kr-central-1b", "kr-central-1c"))
                .body("subnets.mapPublicIpOnLaunch", contains(true, true, true))
                .body("subnets.defaultForAz", contains(true, true, true))
                .body("subnets.availableIpAddressCount", contains(4091, 4091, 4091));
        String subnetId = as(account).queryParam("availabilityZone", "kr-central-1b").queryParam("vpcId", vpcId)
                .get("/v1/subnets").then().statusCode(200)
                .body("subnets", hasSize(1)).body("subnets[0].cidrBlock", equalTo("172.31.16.0/20"))
                .extract().path("subnets[0].subnetId");
        as(account).get("/v1/subnets/" + subnetId).then().statusCode(200)
                .body("subnetId", equalTo(subnetId)).body("vpcId", equalTo(vpcId))
                .body("availabilityZone", equalTo("kr-central-1b")).body("state", equalTo("available"))
                .body("availableIpAddressCount", equalTo(4091));
    }

    @Test
    void listsPage() {
        String account = newAccount();
        String first = as(account).queryParam("limit", 5).get("/v1/subnets").then().statusCode(200)
                .body("subnets", hasSize(3)).body("nextToken", nullValue()).extract().path("subnets[0].subnetId");
        as(account).queryParam("limit", 4).get("/v1/subnets").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        as(account).queryParam("nextToken", "!!").get("/v1/subnets").then().statusCode(400)
                .body("code", equalTo("InvalidNextToken"));
        as(account).get("/v1/subnets/" + first).then().statusCode(200);
    }

    @Test
    void anotherAccountsResourcesAreNotFound() {
        String owner = newAccount();
        String vpcId = as(owner).get("/v1/vpcs").then().extract().path("vpcs[0].vpcId");
        String subnetId = as(owner).get("/v1/subnets").then().extract().path("subnets[0].subnetId");
        String other = newAccount();
        as(other).get("/v1/subnets/" + subnetId).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("InvalidSubnetID.NotFound"));
        as(other).get("/v1/vpcs/" + vpcId).then().statusCode(404).body("code", equalTo("InvalidVpcID.NotFound"));
        as(other).get("/v1/subnets/subnet-0123456789abcdef0").then().statusCode(404)
                .body("code", equalTo("InvalidSubnetID.NotFound"));
        as(other).get("/v1/network-interfaces/eni-0123456789abcdef0").then().statusCode(404)
                .body("code", equalTo("InvalidNetworkInterfaceID.NotFound"));
        as(other).queryParam("vpcId", vpcId).get("/v1/subnets").then().statusCode(200).body("subnets", hasSize(0));
    }

    @Test
    void malformedIdsAre400() {
        String account = newAccount();
        as(account).get("/v1/vpcs/vpc-xyz").then().statusCode(400).body("code", equalTo("InvalidVpcID.Malformed"));
        as(account).get("/v1/subnets/sub-1").then().statusCode(400)
                .body("code", equalTo("InvalidSubnetID.Malformed"));
        as(account).get("/v1/network-interfaces/eni-").then().statusCode(400)
                .body("code", equalTo("InvalidNetworkInterfaceID.Malformed"));
    }

    @Test
    void anonymousCallsAre401() {
        given().get("/v1/vpcs").then().statusCode(401).body("code", equalTo("AuthFailure"))
                .body("requestId", notNullValue());
        given().get("/v1/subnets/subnet-0123456789abcdef0").then().statusCode(401);
        given().get("/v1/network-interfaces").then().statusCode(401);
    }
}
