package dev.haneul.network.securitygroup;

import static dev.haneul.network.support.Saga.newAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SecurityGroupTest {

    static RequestSpecification as(String account) {
        return given().auth().oauth2(TestTokens.user(account)).contentType("application/json");
    }

    static String create(String account, String name) {
        return as(account).body("{\"groupName\":\"" + name + "\",\"description\":\"d\"}").post("/v1/security-groups")
                .then().statusCode(201).extract().path("groupId");
    }

    static String tcp(int from, int to, String cidr) {
        return "{\"ipPermissions\":[{\"ipProtocol\":\"tcp\",\"fromPort\":" + from + ",\"toPort\":" + to
                + ",\"ipRanges\":[{\"cidrIp\":\"" + cidr + "\"}]}]}";
    }

    static ValidatableResponse ingress(String account, String groupId, String body) {
        return as(account).body(body).post("/v1/security-groups/" + groupId + "/ingress").then();
    }

    @Test
    void theDefaultVpcHasADefaultGroupThatCannotBeDeleted() {
        String account = newAccount();
        String id = as(account).queryParam("groupName", "default").get("/v1/security-groups").then().statusCode(200)
                .body("securityGroups", hasSize(1))
                .body("securityGroups[0].ipPermissions[0].ipProtocol", equalTo("-1"))
                .body("securityGroups[0].ipPermissionsEgress[0].ipRanges[0].cidrIp", equalTo("0.0.0.0/0"))
                .extract().path("securityGroups[0].groupId");
        as(account).get("/v1/security-groups/" + id).then().statusCode(200)
                .body("ipPermissions[0].userIdGroupPairs[0].groupId", equalTo(id));
        as(account).delete("/v1/security-groups/" + id).then().statusCode(400).body("code", equalTo("CannotDelete"));
        as(account).body("{\"groupName\":\"default\",\"description\":\"d\"}").post("/v1/security-groups").then()
                .statusCode(400).body("code", equalTo("InvalidGroup.Reserved"));
    }

    @Test
    void aPortWithAFractionIsRefusedNotTruncated() {
        String account = newAccount();
        String id = create(account, "fractions");
        ingress(account, id, "{\"ipPermissions\":[{\"ipProtocol\":\"tcp\",\"fromPort\":1.5,\"toPort\":22,"
                + "\"ipRanges\":[{\"cidrIp\":\"10.0.0.0/8\"}]}]}").statusCode(400)
                .body("code", equalTo("InvalidParameterValue"))
                .body("detail", containsString("ipPermissions[0].fromPort"));
        as(account).get("/v1/security-groups/" + id).then().statusCode(200).body("ipPermissions", hasSize(0));
    }

    @Test
    void aNewGroupAllowsAllOutboundAndNoInbound() {
        String account = newAccount();
        String id = create(account, "web");
        as(account).get("/v1/security-groups/" + id).then().statusCode(200)
                .body("groupName", equalTo("web")).body("ipPermissions", hasSize(0))
                .body("ipPermissionsEgress", hasSize(1))
                .body("ipPermissionsEgress[0].ipProtocol", equalTo("-1"));
        as(account).body("{\"groupName\":\"web\",\"description\":\"d\"}").post("/v1/security-groups").then()
                .statusCode(409).body("code", equalTo("InvalidGroup.Duplicate"));
    }

    @Test
    void ingressRulesAreAddedOnceAndRemoved() {
        String account = newAccount();
        String id = create(account, "ssh");
        ingress(account, id, tcp(22, 22, "10.0.0.9/8")).statusCode(200)
                .body("ipPermissions", hasSize(1)).body("ipPermissions[0].fromPort", equalTo(22))
                .body("ipPermissions[0].ipRanges[0].cidrIp", equalTo("10.0.0.0/8"));
        ingress(account, id, tcp(22, 22, "10.0.0.0/8")).statusCode(409)
                .body("code", equalTo("InvalidPermission.Duplicate"));
        ingress(account, id, tcp(80, 22, "10.0.0.0/8")).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        ingress(account, id, tcp(1, 70000, "10.0.0.0/8")).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        ingress(account, id, "{\"ipPermissions\":[{\"ipProtocol\":\"bogus\",\"ipRanges\":[{\"cidrIp\":\"0.0.0.0/0\"}]}]}")
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
        ingress(account, id, "{\"ipPermissions\":[{\"ipProtocol\":\"icmp\",\"fromPort\":8,\"toPort\":-1,"
                + "\"ipRanges\":[{\"cidrIp\":\"0.0.0.0/0\",\"description\":\"ping\"}]}]}").statusCode(200)
                .body("ipPermissions.ipProtocol", containsInAnyOrder("tcp", "icmp"));
        as(account).body(tcp(22, 22, "10.0.0.0/8")).delete("/v1/security-groups/" + id + "/ingress").then()
                .statusCode(200).body("ipPermissions.ipProtocol", contains("icmp"));
        as(account).body(tcp(22, 22, "10.0.0.0/8")).delete("/v1/security-groups/" + id + "/ingress").then()
                .statusCode(400).body("code", equalTo("InvalidPermission.NotFound"));
    }

    @Test
    void sixtyRulesPerDirection() {
        String account = newAccount();
        String id = create(account, "many");
        StringBuilder b = new StringBuilder("{\"ipPermissions\":[");
        for (int i = 0; i < 60; i++) {
            b.append(i == 0 ? "" : ",").append("{\"ipProtocol\":\"tcp\",\"fromPort\":").append(1000 + i)
                    .append(",\"toPort\":").append(1000 + i).append(",\"ipRanges\":[{\"cidrIp\":\"0.0.0.0/0\"}]}");
        }
        ingress(account, id, b.append("]}").toString()).statusCode(200).body("ipPermissions", hasSize(60));
        ingress(account, id, tcp(22, 22, "0.0.0.0/0")).statusCode(400)
                .body("code", equalTo("RulesPerSecurityGroupLimitExceeded"));
    }

    @Test
    void aGroupReferencedByAnotherCannotBeDeletedAndOthersSeeNothing() {
        String account = newAccount();
        String db = create(account, "db");
        String app = create(account, "app");
        ingress(account, db, "{\"ipPermissions\":[{\"ipProtocol\":\"tcp\",\"fromPort\":3306,\"toPort\":3306,"
                + "\"userIdGroupPairs\":[{\"groupId\":\"" + app + "\"}]}]}").statusCode(200)
                .body("ipPermissions[0].userIdGroupPairs[0].groupId", equalTo(app));
        as(account).delete("/v1/security-groups/" + app).then().statusCode(409)
                .body("code", equalTo("DependencyViolation"));
        String stranger = newAccount();
        as(stranger).get("/v1/security-groups/" + db).then().statusCode(404).body("code", equalTo("InvalidGroup.NotFound"));
        ingress(stranger, db, tcp(22, 22, "0.0.0.0/0")).statusCode(404);
        ingress(account, db, "{\"ipPermissions\":[{\"ipProtocol\":\"-1\","
                + "\"userIdGroupPairs\":[{\"groupId\":\"sg-0123456789abcdef0\"}]}]}").statusCode(404)
                .body("code", equalTo("InvalidGroup.NotFound"));
        as(account).delete("/v1/security-groups/" + db).then().statusCode(204);
        as(account).delete("/v1/security-groups/" + app).then().statusCode(204);
        as(account).get("/v1/security-groups/sg-zz").then().statusCode(400)
                .body("code", equalTo("InvalidGroupId.Malformed"));
    }
}
