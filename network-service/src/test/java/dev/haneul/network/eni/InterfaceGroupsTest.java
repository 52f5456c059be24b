package dev.haneul.network.eni;

import static dev.haneul.network.support.Api.as;
import static dev.haneul.network.support.Saga.launch;
import static dev.haneul.network.support.Saga.newAccount;
import static dev.haneul.network.support.Saga.newInstance;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.network.NetworkInterfaceGroupsChanged;
import dev.haneul.network.support.Api;
import dev.haneul.network.support.NetworkEvents;
import dev.haneul.network.support.Saga;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class InterfaceGroupsTest {
    @KafkaBootstrap
    String bootstrap;

    private static String group(String account, String vpcId, String name) {
        return as(account).body("{\"groupName\":\"" + name + "\",\"description\":\"" + name + "\""
                + (vpcId == null ? "" : ",\"vpcId\":\"" + vpcId + "\"") + "}").post("/v1/security-groups").then()
                .statusCode(201).extract().path("groupId");
    }

    private static io.restassured.response.ValidatableResponse put(String account, String eniId, String body) {
        return as(account).body(body).put("/v1/network-interfaces/" + eniId + "/groups").then();
    }

    private static String ids(List<String> groupIds) {
        return "{\"groupIds\":[" + String.join(",", groupIds.stream().map(g -> "\"" + g + "\"").toList()) + "]}";
    }

    @Test
    void anInstancesGroupsAreReplacedAndTheChangePublished() {
        String account = newAccount();
        String eniId;
        try (Saga saga = new Saga(bootstrap)) {
            InstanceRequested r = launch(account, newInstance(), "kr-central-1a", null, null, null);
            saga.send(r);
            eniId = saga.await(InstanceNetworkAttached.class, r.instanceId(), 0).networkInterfaceId();
        }
        String web = group(account, null, "web");
        String ssh = group(account, null, "ssh");
        try (NetworkEvents events = new NetworkEvents(bootstrap)) {
            put(account, eniId, ids(List.of(web, ssh))).statusCode(200)
                    .body("networkInterfaceId", equalTo(eniId)).body("groups.groupId", contains(web, ssh));
            as(account).get("/v1/network-interfaces/" + eniId).then().body("groups.groupId", contains(web, ssh));
            NetworkInterfaceGroupsChanged changed = events.await(account, NetworkInterfaceGroupsChanged.class, 1)
                    .get(0);
            assertEquals(eniId, changed.networkInterfaceId());
            assertEquals(List.of(web, ssh), changed.groupIds());
        }
        // a group in use cannot be deleted; one taken off can
        put(account, eniId, ids(List.of(ssh))).statusCode(200).body("groups.groupId", contains(ssh));
        as(account).delete("/v1/security-groups/" + ssh).then().statusCode(409)
                .body("code", equalTo("DependencyViolation"));
        as(account).delete("/v1/security-groups/" + web).then().statusCode(204);
    }

    @Test
    void badGroupChanges() {
        String account = newAccount();
        String eniId;
        try (Saga saga = new Saga(bootstrap)) {
            InstanceRequested r = launch(account, newInstance(), "kr-central-1b", null, null, null);
            saga.send(r);
            eniId = saga.await(InstanceNetworkAttached.class, r.instanceId(), 0).networkInterfaceId();
        }
        String ok = group(account, null, "ok");
        put(account, eniId, "{\"groupIds\":[]}").statusCode(400).body("code", equalTo("InvalidParameterValue"));
        put(account, eniId, "{}").statusCode(400).body("code", equalTo("InvalidParameterValue"));
        put(account, eniId, ids(List.of("sg-0123456789abcdef0"))).statusCode(404)
                .body("code", equalTo("InvalidGroup.NotFound"));
        put(account, eniId, ids(List.of(ok, group(newAccount(), null, "theirs")))).statusCode(404)
                .body("code", equalTo("InvalidGroup.NotFound"));
        String otherVpc = Api.vpc(account, "10.30.0.0/16");
        put(account, eniId, ids(List.of(group(account, otherVpc, "elsewhere")))).statusCode(404)
                .body("code", equalTo("InvalidGroup.NotFound"));
        List<String> six = IntStream.range(0, 6).mapToObj(i -> group(account, null, "g" + i)).toList();
        put(account, eniId, ids(six)).statusCode(400).body("code", equalTo("SecurityGroupsPerInterfaceLimitExceeded"));
        put(account, "eni-0123456789abcdef0", ids(List.of(ok))).statusCode(404)
                .body("code", equalTo("InvalidNetworkInterfaceID.NotFound"));
        put(account, "eni-nope", ids(List.of(ok))).statusCode(400)
                .body("code", equalTo("InvalidNetworkInterfaceID.Malformed"));
        put(newAccount(), eniId, ids(List.of(ok))).statusCode(404)
                .body("code", equalTo("InvalidNetworkInterfaceID.NotFound"));
        // nothing changed
        as(account).get("/v1/network-interfaces/" + eniId).then().body("groups.groupId", org.hamcrest.Matchers
                .not(org.hamcrest.Matchers.hasItem(ok)));
    }
}
