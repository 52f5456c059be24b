package dev.haneul.network.route;

import static dev.haneul.network.support.Api.as;
import static dev.haneul.network.support.Saga.newAccount;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.haneul.network.support.Api;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class RouteTableTest {

    private static String table(String account, String vpcId) {
        return as(account).body("{\"vpcId\":\"" + vpcId + "\"}").post("/v1/route-tables").then().statusCode(201)
                .extract().path("routeTableId");
    }

    private static ValidatableResponse route(String account, String tableId, String cidr,
            String gatewayId) {
        return as(account).body("{\"destinationCidrBlock\":\"" + cidr + "\",\"gatewayId\":\"" + gatewayId + "\"}")
                .post("/v1/route-tables/" + tableId + "/routes").then();
    }

    private static String associate(String account, String tableId, String subnetId) {
        return as(account).body("{\"subnetId\":\"" + subnetId + "\"}").post("/v1/route-tables/" + tableId
                + "/associations").then().statusCode(201).body("routeTableId", equalTo(tableId))
                .body("subnetId", equalTo(subnetId)).extract().path("associationId");
    }

    @Test
    void theDefaultVpcsMainTableSendsEverythingToItsGatewayAndItsSubnetsArePublic() {
        String account = newAccount();
        String vpcId = as(account).get("/v1/vpcs").then().extract().path("vpcs[0].vpcId");
        String gatewayId = as(account).get("/v1/internet-gateways").then().extract()
                .path("internetGateways[0].internetGatewayId");
        String main = Api.mainTable(account, vpcId);
        as(account).get("/v1/route-tables/" + main).then().statusCode(200)
                .body("vpcId", equalTo(vpcId)).body("ownerId", equalTo(account))
                .body("routes.destinationCidrBlock", contains("172.31.0.0/16", "0.0.0.0/0"))
                .body("routes.gatewayId", contains("local", gatewayId))
                .body("routes.state", contains("active", "active"))
                .body("associations", hasSize(1)).body("associations[0].main", equalTo(true));
        as(account).get("/v1/subnets").then().body("subnets.isPublic", contains(true, true, true))
                .body("subnets.routeTableId", contains(main, main, main));
        as(account).queryParam("groupName", "default").get("/v1/security-groups").then()
                .body("securityGroups", hasSize(1));
    }

    @Test
    void theSeedsLabPublicAndPrivateSubnets() {
        String account = newAccount();
        String vpcId = Api.vpc(account, "10.0.0.0/16");
        String publicSubnet = Api.subnet(account, vpcId, "10.0.1.0/24");
        String privateSubnet = Api.subnet(account, vpcId, "10.0.2.0/24");
        String main = Api.mainTable(account, vpcId);
        as(account).get("/v1/route-tables/" + main).then().body("routes.gatewayId", contains("local"));
        as(account).get("/v1/subnets/" + publicSubnet).then().body("isPublic", equalTo(false))
                .body("routeTableId", equalTo(main));

        String gatewayId = Api.gateway(account);
        String tableId = table(account, vpcId);
        // a gateway not attached to the table's VPC is not a valid target
        route(account, tableId, "0.0.0.0/0", gatewayId).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        Api.attach(account, gatewayId, vpcId);
        route(account, tableId, "0.0.0.0/0", gatewayId).statusCode(200)
                .body("routes.destinationCidrBlock", contains("10.0.0.0/16", "0.0.0.0/0"))
                .body("routes.origin", contains("CreateRouteTable", "CreateRoute"));
        route(account, tableId, "0.0.0.0/0", gatewayId).statusCode(409).body("code", equalTo("RouteAlreadyExists"));
        route(account, tableId, "10.0.0.0/16", gatewayId).statusCode(409).body("code", equalTo("RouteAlreadyExists"));

        String associationId = associate(account, tableId, publicSubnet);
        as(account).get("/v1/subnets/" + publicSubnet).then().body("isPublic", equalTo(true))
                .body("routeTableId", equalTo(tableId));
        as(account).get("/v1/subnets/" + privateSubnet).then().body("isPublic", equalTo(false))
                .body("routeTableId", equalTo(main));
        as(account).get("/v1/route-tables/" + tableId).then().body("associations[0].subnetId", equalTo(publicSubnet))
                .body("associations[0].routeTableAssociationId", equalTo(associationId))
                .body("associations[0].main", equalTo(false));

        // one table per subnet
        as(account).body("{\"subnetId\":\"" + publicSubnet + "\"}").post("/v1/route-tables/" + main + "/associations")
                .then().statusCode(409).body("code", equalTo("Resource.AlreadyAssociated"));
        // neither a table with associations nor the main table can be deleted
        as(account).delete("/v1/route-tables/" + tableId).then().statusCode(409)
                .body("code", equalTo("DependencyViolation"));
        as(account).delete("/v1/route-tables/" + main).then().statusCode(409)
                .body("code", equalTo("DependencyViolation"));
        // a VPC with a table of its own cannot be deleted
        as(account).delete("/v1/vpcs/" + vpcId).then().statusCode(409).body("code", equalTo("DependencyViolation"));

        // detaching the gateway leaves a blackhole route and a private subnet
        as(account).body("{\"vpcId\":\"" + vpcId + "\"}").post("/v1/internet-gateways/" + gatewayId + "/detach")
                .then().statusCode(200);
        as(account).get("/v1/route-tables/" + tableId).then().body("routes.state", contains("active", "blackhole"));
        as(account).get("/v1/subnets/" + publicSubnet).then().body("isPublic", equalTo(false));
        Api.attach(account, gatewayId, vpcId);
        as(account).get("/v1/subnets/" + publicSubnet).then().body("isPublic", equalTo(true));

        // another account's attempt answers exactly as for an id that does not exist, and changes nothing
        String other = newAccount();
        String unknown = "rtbassoc-0123456789abcdef0";
        as(other).delete("/v1/route-tables/associations/" + associationId).then().statusCode(404)
                .body("code", equalTo("InvalidAssociationID.NotFound"))
                .body("detail", equalTo("The association ID '" + associationId + "' does not exist"));
        as(other).delete("/v1/route-tables/associations/" + unknown).then().statusCode(404)
                .body("code", equalTo("InvalidAssociationID.NotFound"))
                .body("detail", equalTo("The association ID '" + unknown + "' does not exist"));
        as(account).get("/v1/route-tables/" + tableId).then()
                .body("associations[0].routeTableAssociationId", equalTo(associationId));

        as(account).delete("/v1/route-tables/associations/" + associationId).then().statusCode(204);
        as(account).get("/v1/subnets/" + publicSubnet).then().body("routeTableId", equalTo(main))
                .body("isPublic", equalTo(false));
        as(account).delete("/v1/route-tables/associations/" + associationId).then().statusCode(404)
                .body("code", equalTo("InvalidAssociationID.NotFound"));
        as(account).delete("/v1/route-tables/" + tableId).then().statusCode(204);
        as(account).get("/v1/route-tables/" + tableId).then().statusCode(404)
                .body("code", equalTo("InvalidRouteTableID.NotFound"));
    }

    @Test
    void routesAreRemovedButNeverTheLocalOne() {
        String account = newAccount();
        String[] net = Api.vpcWithGateway(account, "10.5.0.0/16");
        String tableId = table(account, net[0]);
        route(account, tableId, "198.51.100.0/24", net[1]).statusCode(200);
        as(account).queryParam("destinationCidrBlock", "10.5.0.0/16").delete("/v1/route-tables/" + tableId + "/routes")
                .then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        as(account).queryParam("destinationCidrBlock", "198.51.100.0/24")
                .delete("/v1/route-tables/" + tableId + "/routes").then().statusCode(200)
                .body("routes.destinationCidrBlock", contains("10.5.0.0/16"));
        as(account).queryParam("destinationCidrBlock", "198.51.100.0/24")
                .delete("/v1/route-tables/" + tableId + "/routes").then().statusCode(404)
                .body("code", equalTo("InvalidRoute.NotFound"));
        as(account).delete("/v1/route-tables/" + tableId + "/routes").then().statusCode(400)
                .body("code", equalTo("MissingParameter"));
    }

    @Test
    void invalidTargetsAndDestinations() {
        String account = newAccount();
        String[] net = Api.vpcWithGateway(account, "10.6.0.0/16");
        String tableId = table(account, net[0]);
        route(account, tableId, "0.0.0.0/0", "local").statusCode(400).body("code", equalTo("InvalidParameterValue"));
        route(account, tableId, "0.0.0.0/0", "nat-0123456789abcdef0").statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        route(account, tableId, "0.0.0.0/0", "igw-0123456789abcdef0").statusCode(404)
                .body("code", equalTo("InvalidGatewayID.NotFound"));
        route(account, tableId, "0.0.0.0/0", Api.gateway(newAccount())).statusCode(404)
                .body("code", equalTo("InvalidGatewayID.NotFound"));
        route(account, tableId, "not-a-cidr", net[1]).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        route(account, tableId, "10.6.1.0/24", net[1]).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        route(account, "rtb-0123456789abcdef0", "0.0.0.0/0", net[1]).statusCode(404)
                .body("code", equalTo("InvalidRouteTableID.NotFound"));
        as(account).get("/v1/route-tables/rtb-x").then().statusCode(400)
                .body("code", equalTo("InvalidRouteTableID.Malformed"));
    }

    @Test
    void associationsStayInsideTheTablesVpc() {
        String account = newAccount();
        String vpcA = Api.vpc(account, "10.7.0.0/16");
        String vpcB = Api.vpc(account, "10.8.0.0/16");
        String subnetB = Api.subnet(account, vpcB, "10.8.0.0/24");
        String tableA = table(account, vpcA);
        as(account).body("{\"subnetId\":\"" + subnetB + "\"}").post("/v1/route-tables/" + tableA + "/associations")
                .then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        as(account).body("{\"subnetId\":\"subnet-0123456789abcdef0\"}")
                .post("/v1/route-tables/" + tableA + "/associations").then().statusCode(404)
                .body("code", equalTo("InvalidSubnetID.NotFound"));
        // the main association cannot be removed
        String mainA = Api.mainTable(account, vpcA);
        String mainAssociation = as(account).get("/v1/route-tables/" + mainA).then().extract()
                .path("associations[0].routeTableAssociationId");
        as(account).delete("/v1/route-tables/associations/" + mainAssociation).then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        // another account's table is not found
        as(newAccount()).get("/v1/route-tables/" + tableA).then().statusCode(404)
                .body("code", equalTo("InvalidRouteTableID.NotFound"));
        as(newAccount()).delete("/v1/route-tables/" + tableA).then().statusCode(404);
    }

    @Test
    void anotherTableCanBecomeMainAndTheOldOneCanThenBeDeleted() {
        String account = newAccount();
        String vpcId = Api.vpc(account, "10.9.0.0/16");
        String subnetId = Api.subnet(account, vpcId, "10.9.0.0/24");
        String oldMain = Api.mainTable(account, vpcId);
        String tableId = table(account, vpcId);
        as(account).post("/v1/route-tables/" + tableId + "/main").then().statusCode(200)
                .body("associations[0].main", equalTo(true));
        as(account).get("/v1/subnets/" + subnetId).then().body("routeTableId", equalTo(tableId));
        as(account).delete("/v1/route-tables/" + oldMain).then().statusCode(204);
        as(account).queryParam("vpcId", vpcId).get("/v1/route-tables").then()
                .body("routeTables.routeTableId", not(hasItem(oldMain))).body("routeTables", hasSize(1));
        // deleting the VPC takes its main table with it
        as(account).delete("/v1/subnets/" + subnetId).then().statusCode(204);
        as(account).delete("/v1/vpcs/" + vpcId).then().statusCode(204);
        as(account).get("/v1/route-tables/" + tableId).then().statusCode(404);
    }
}
