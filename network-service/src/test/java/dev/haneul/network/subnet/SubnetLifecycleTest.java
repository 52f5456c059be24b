package dev.haneul.network.subnet;

import static dev.haneul.network.support.Saga.newAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SubnetLifecycleTest {

    static RequestSpecification as(String account) {
        return given().auth().oauth2(TestTokens.user(account)).contentType("application/json");
    }

    static String vpc(String account, String cidr) {
        return as(account).body("{\"cidrBlock\":\"" + cidr + "\"}").post("/v1/vpcs").then().statusCode(201)
                .extract().path("vpcId");
    }

    static ValidatableResponse subnet(String account, String vpcId, String cidr,
            String extra) {
        return as(account).body("{\"vpcId\":\"" + vpcId + "\",\"cidrBlock\":\"" + cidr + "\"" + extra + "}")
                .post("/v1/subnets").then();
    }

    @Test
    void aSubnetInsideItsVpcWithItsAddressCount() {
        String account = newAccount();
        String vpcId = vpc(account, "10.0.0.0/16");
        subnet(account, vpcId, "10.0.1.9/24", ",\"availabilityZone\":\"kr-central-1b\"").statusCode(201)
                .body("cidrBlock", equalTo("10.0.1.0/24")).body("availabilityZone", equalTo("kr-central-1b"))
                .body("availableIpAddressCount", equalTo(251)).body("mapPublicIpOnLaunch", equalTo(false))
                .body("defaultForAz", equalTo(false)).body("vpcId", equalTo(vpcId));
        subnet(account, vpcId, "10.0.2.0/28", ",\"mapPublicIpOnLaunch\":true").statusCode(201)
                .body("availableIpAddressCount", equalTo(11)).body("mapPublicIpOnLaunch", equalTo(true))
                .body("availabilityZone", equalTo("kr-central-1a"));
    }

    @Test
    void rangeAndConflictRules() {
        String account = newAccount();
        String vpcId = vpc(account, "10.0.0.0/16");
        subnet(account, vpcId, "10.1.0.0/24", "").statusCode(400).body("code", equalTo("InvalidSubnet.Range"));
        subnet(account, vpcId, "10.0.0.0/29", "").statusCode(400).body("code", equalTo("InvalidSubnet.Range"));
        subnet(account, vpcId, "10.0.0.0/15", "").statusCode(400).body("code", equalTo("InvalidSubnet.Range"));
        subnet(account, vpcId, "10.0.0.0/24", "").statusCode(201);
        subnet(account, vpcId, "10.0.0.128/25", "").statusCode(409).body("code", equalTo("InvalidSubnet.Conflict"));
        subnet(account, vpcId, "10.0.0.0/20", "").statusCode(409).body("code", equalTo("InvalidSubnet.Conflict"));
        subnet(account, vpcId, "10.0.0.0/24", "").statusCode(409).body("code", equalTo("InvalidSubnet.Conflict"));
        subnet(account, vpcId, "10.0.1.0/24", ",\"availabilityZone\":\"mars-1a\"").statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        subnet(account, vpcId, "bogus", "").statusCode(400).body("code", equalTo("InvalidParameterValue"));
    }

    @Test
    void anotherAccountsVpcIsNotFound() {
        String owner = newAccount();
        String vpcId = vpc(owner, "10.0.0.0/16");
        subnet(newAccount(), vpcId, "10.0.0.0/24", "").statusCode(404).body("code", equalTo("InvalidVpcID.NotFound"));
        subnet(owner, "vpc-zz", "10.0.0.0/24", "").statusCode(400).body("code", equalTo("InvalidVpcID.Malformed"));
        String subnetId = subnet(owner, vpcId, "10.0.0.0/24", "").statusCode(201).extract().path("subnetId");
        as(newAccount()).delete("/v1/subnets/" + subnetId).then().statusCode(404)
                .body("code", equalTo("InvalidSubnetID.NotFound"));
    }

    @Test
    void mapPublicIpOnLaunchChangesForTheOwnerOnly() {
        String owner = newAccount();
        String vpcId = vpc(owner, "10.0.0.0/16");
        String subnetId = subnet(owner, vpcId, "10.0.0.0/24", "").statusCode(201).extract().path("subnetId");
        as(owner).body("{\"mapPublicIpOnLaunch\":true}").patch("/v1/subnets/" + subnetId).then().statusCode(200)
                .body("subnetId", equalTo(subnetId)).body("mapPublicIpOnLaunch", equalTo(true))
                .body("cidrBlock", equalTo("10.0.0.0/24"));
        as(owner).get("/v1/subnets/" + subnetId).then().statusCode(200).body("mapPublicIpOnLaunch", equalTo(true));
        as(newAccount()).body("{\"mapPublicIpOnLaunch\":false}").patch("/v1/subnets/" + subnetId).then()
                .statusCode(404).body("code", equalTo("InvalidSubnetID.NotFound"));
        as(owner).get("/v1/subnets/" + subnetId).then().body("mapPublicIpOnLaunch", equalTo(true));
        as(owner).body("{}").patch("/v1/subnets/" + subnetId).then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        as(owner).body("{\"mapPublicIpOnLaunch\":false}").patch("/v1/subnets/subnet-zz").then().statusCode(400)
                .body("code", equalTo("InvalidSubnetID.Malformed"));
        as(owner).body("{\"mapPublicIpOnLaunch\":false}").patch("/v1/subnets/" + subnetId).then().statusCode(200)
                .body("mapPublicIpOnLaunch", equalTo(false));
    }
}
