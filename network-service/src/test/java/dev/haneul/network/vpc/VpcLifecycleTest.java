package dev.haneul.network.vpc;

import static dev.haneul.network.support.Saga.newAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class VpcLifecycleTest {

    static RequestSpecification as(String account) {
        return given().auth().oauth2(TestTokens.user(account)).contentType("application/json");
    }

    static String createVpc(String account, String cidr) {
        return as(account).body("{\"cidrBlock\":\"" + cidr + "\"}").post("/v1/vpcs").then().statusCode(201)
                .extract().path("vpcId");
    }

    @Test
    void createCanonicalisesTheBlockAndDeleteRemovesIt() {
        String account = newAccount();
        String vpcId = as(account).body("{\"cidrBlock\":\"100.68.0.18/18\"}").post("/v1/vpcs").then()
                .statusCode(201).body("cidrBlock", equalTo("100.68.0.0/18")).body("isDefault", equalTo(false))
                .body("state", equalTo("available")).extract().path("vpcId");
        as(account).get("/v1/vpcs").then().statusCode(200).body("vpcs.vpcId", hasItem(vpcId));
        as(account).delete("/v1/vpcs/" + vpcId).then().statusCode(204);
        as(account).get("/v1/vpcs/" + vpcId).then().statusCode(404).body("code", equalTo("InvalidVpcID.NotFound"));
        as(account).get("/v1/vpcs").then().body("vpcs.vpcId", not(hasItem(vpcId)));
        as(account).delete("/v1/vpcs/" + vpcId).then().statusCode(404);
    }

    @Test
    void blocksOutsideSlash16ToSlash28AreRefused() {
        String account = newAccount();
        as(account).body("{\"cidrBlock\":\"10.0.0.0/15\"}").post("/v1/vpcs").then().statusCode(400)
                .body("code", equalTo("InvalidVpcRange"));
        as(account).body("{\"cidrBlock\":\"10.0.0.0/29\"}").post("/v1/vpcs").then().statusCode(400)
                .body("code", equalTo("InvalidVpcRange"));
        as(account).body("{\"cidrBlock\":\"10.0.0.0\"}").post("/v1/vpcs").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        as(account).body("{}").post("/v1/vpcs").then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        as(account).body("{\"cidrBlock\":\"10.0.0.0/16\",\"x\":1}").post("/v1/vpcs").then().statusCode(400)
                .body("code", equalTo("UnknownParameter"));
        createVpc(account, "10.0.0.0/28");
    }

    @Test
    void fiveVpcsPerAccountCountingTheDefaultOne() {
        String account = newAccount();
        for (int i = 0; i < 4; i++) {
            createVpc(account, "10." + i + ".0.0/16");
        }
        as(account).body("{\"cidrBlock\":\"10.9.0.0/16\"}").post("/v1/vpcs").then().statusCode(400)
                .body("code", equalTo("VpcLimitExceeded"));
    }

    @Test
    void aVpcWithSubnetsCannotBeDeleted() {
        String account = newAccount();
        String vpcId = createVpc(account, "10.1.0.0/16");
        String subnetId = as(account).body("{\"vpcId\":\"" + vpcId + "\",\"cidrBlock\":\"10.1.0.0/24\"}")
                .post("/v1/subnets").then().statusCode(201).extract().path("subnetId");
        as(account).delete("/v1/vpcs/" + vpcId).then().statusCode(409).body("code", equalTo("DependencyViolation"));
        as(account).delete("/v1/subnets/" + subnetId).then().statusCode(204);
        as(account).delete("/v1/vpcs/" + vpcId).then().statusCode(204);
    }

    @Test
    void anotherAccountCannotDeleteMyVpc() {
        String owner = newAccount();
        String vpcId = createVpc(owner, "10.2.0.0/16");
        as(newAccount()).delete("/v1/vpcs/" + vpcId).then().statusCode(404).body("code",
                equalTo("InvalidVpcID.NotFound"));
        as(owner).get("/v1/vpcs/" + vpcId).then().statusCode(200);
    }
}
