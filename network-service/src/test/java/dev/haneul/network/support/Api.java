package dev.haneul.network.support;

import static io.restassured.RestAssured.given;

import dev.haneul.testing.TestTokens;
import io.restassured.specification.RequestSpecification;

/** REST calls the tests repeat: requests as an account, and creating the usual resources (asserting 201). */
public final class Api {
    private Api() {
    }

    public static RequestSpecification as(String account) {
        return given().auth().oauth2(TestTokens.user(account)).contentType("application/json");
    }

    public static String vpc(String account, String cidr) {
        return as(account).body("{\"cidrBlock\":\"" + cidr + "\"}").post("/v1/vpcs").then().statusCode(201)
                .extract().path("vpcId");
    }

    public static String subnet(String account, String vpcId, String cidr) {
        return as(account).body("{\"vpcId\":\"" + vpcId + "\",\"cidrBlock\":\"" + cidr + "\"}").post("/v1/subnets")
                .then().statusCode(201).extract().path("subnetId");
    }

    public static String gateway(String account) {
        return as(account).post("/v1/internet-gateways").then().statusCode(201).extract().path("internetGatewayId");
    }

    public static void attach(String account, String gatewayId, String vpcId) {
        as(account).body("{\"vpcId\":\"" + vpcId + "\"}").post("/v1/internet-gateways/" + gatewayId + "/attach")
                .then().statusCode(200);
    }

    /** A VPC with an attached gateway: {vpcId, gatewayId}. */
    public static String[] vpcWithGateway(String account, String cidr) {
        String vpcId = vpc(account, cidr);
        String gatewayId = gateway(account);
        attach(account, gatewayId, vpcId);
        return new String[] { vpcId, gatewayId };
    }

    public static String mainTable(String account, String vpcId) {
        return as(account).queryParam("vpcId", vpcId).get("/v1/route-tables").then().statusCode(200).extract()
                .path("routeTables.find { it.associations.any { a -> a.main } }.routeTableId");
    }

    public static String allocate(String account) {
        return as(account).post("/v1/elastic-ips").then().statusCode(201).extract().path("allocationId");
    }
}
