package dev.haneul.network.eni;

import static dev.haneul.network.support.Api.as;
import static dev.haneul.network.support.Saga.launch;
import static dev.haneul.network.support.Saga.newAccount;
import static dev.haneul.network.support.Saga.newInstance;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.instance.InstanceNetworkAttached;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.network.InterfaceRulesChanged;
import dev.haneul.events.network.NetworkInterfaceGroupsChanged;
import dev.haneul.events.network.PacketRule;
import dev.haneul.events.network.PacketRules;
import dev.haneul.network.support.Api;
import dev.haneul.network.support.NetworkEvents;
import dev.haneul.network.support.Saga;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.hamcrest.Matchers;
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

    private static ValidatableResponse put(String account, String eniId, String body) {
        return as(account).body(body).put("/v1/network-interfaces/" + eniId + "/groups").then();
    }

    private static String ids(List<String> groupIds) {
        return "{\"groupIds\":[" + String.join(",", groupIds.stream().map(g -> "\"" + g + "\"").toList()) + "]}";
    }

    @Test
    void theAttachCarriesTheSubnetsCidrAndItsGroupsRulesForTheHost() {
        String account = newAccount();
        String defaultGroup = as(account).queryParam("groupName", "default").get("/v1/security-groups").then()
                .statusCode(200).extract().path("securityGroups[0].groupId");
        String web = group(account, null, "web-rules");
        as(account).body("{\"ipPermissions\":[{\"ipProtocol\":\"tcp\",\"fromPort\":22,\"toPort\":22,"
                + "\"ipRanges\":[{\"cidrIp\":\"0.0.0.0/0\"}]},{\"ipProtocol\":\"icmp\",\"fromPort\":8,"
                + "\"toPort\":-1,\"ipRanges\":[{\"cidrIp\":\"10.0.0.0/8\"}]}]}")
                .post("/v1/security-groups/" + web + "/ingress").then().statusCode(200);
        try (Saga saga = new Saga(bootstrap)) {
            InstanceRequested plain = launch(account, newInstance(), "kr-central-1a", null, null, null);
            saga.send(plain);
            InstanceNetworkAttached a = saga.await(InstanceNetworkAttached.class, plain.instanceId(), 0);
            String subnetCidr = as(account).get("/v1/subnets/" + a.subnetId()).then().statusCode(200).extract()
                    .path("cidrBlock");
            assertEquals(subnetCidr, a.subnetCidr());
            // the default group: everything from its own members in, everything out
            assertEquals(new PacketRules(List.of(new PacketRule("-1", 0, 65535, null, defaultGroup)),
                    List.of(new PacketRule("-1", 0, 65535, "0.0.0.0/0", null))), a.rules());

            InstanceRequested r = launch(account, newInstance(), "kr-central-1a", null, null, null);
            InstanceRequested withWeb = new InstanceRequested(r.accountId(), r.instanceId(), 0, r.at(), false,
                    r.instanceType(), r.family(), r.vcpus(), r.memoryMib(), r.gpus(), r.architecture(),
                    r.availabilityZone(), null, null, null, List.of(web), null, r.imageId(), List.of(), null);
            saga.send(withWeb);
            InstanceNetworkAttached b = saga.await(InstanceNetworkAttached.class, withWeb.instanceId(), 0);
            assertEquals(List.of(web), b.securityGroupIds());
            assertEquals(Set.of(new PacketRule("tcp", 22, 22, "0.0.0.0/0", null),
                    new PacketRule("icmp", 8, -1, "10.0.0.0/8", null)), Set.copyOf(b.rules().ingress()));
            assertEquals(List.of(new PacketRule("-1", 0, 65535, "0.0.0.0/0", null)), b.rules().egress());
        }
    }

    @Test
    void aRuleChangeOrAGroupChangeAnnouncesTheInterfacesNewRulesOneVersionOn() {
        String account = newAccount();
        String web = group(account, null, "live-web");
        String other = group(account, null, "live-other");
        InstanceNetworkAttached attached;
        try (Saga saga = new Saga(bootstrap)) {
            InstanceRequested r = launch(account, newInstance(), "kr-central-1a", null, null, null);
            InstanceRequested withWeb = new InstanceRequested(r.accountId(), r.instanceId(), 0, r.at(), false,
                    r.instanceType(), r.family(), r.vcpus(), r.memoryMib(), r.gpus(), r.architecture(),
                    r.availabilityZone(), null, null, null, List.of(web), null, r.imageId(), List.of(), null);
            saga.send(withWeb);
            attached = saga.await(InstanceNetworkAttached.class, withWeb.instanceId(), 0);
        }
        assertEquals(0, attached.rulesVersion());
        PacketRule http = new PacketRule("tcp", 8000, 8000, "0.0.0.0/0", null);
        try (NetworkEvents events = new NetworkEvents(bootstrap)) {
            as(account).body("{\"ipPermissions\":[{\"ipProtocol\":\"tcp\",\"fromPort\":8000,\"toPort\":8000,"
                    + "\"ipRanges\":[{\"cidrIp\":\"0.0.0.0/0\"}]}]}")
                    .post("/v1/security-groups/" + web + "/ingress").then().statusCode(200);
            InterfaceRulesChanged added = events.await(account, InterfaceRulesChanged.class, 1).get(0);
            assertEquals(attached.networkInterfaceId(), added.networkInterfaceId());
            assertEquals(attached.instanceId(), added.instanceId());
            assertEquals(1, added.rulesVersion());
            assertEquals(List.of(http), added.rules().ingress());

            as(account).body("{\"ipPermissions\":[{\"ipProtocol\":\"tcp\",\"fromPort\":8000,\"toPort\":8000,"
                    + "\"ipRanges\":[{\"cidrIp\":\"0.0.0.0/0\"}]}]}")
                    .delete("/v1/security-groups/" + web + "/ingress").then().statusCode(200);
            put(account, attached.networkInterfaceId(), ids(List.of(other))).statusCode(200);
            List<InterfaceRulesChanged> all = events.await(account, InterfaceRulesChanged.class, 3);
            assertEquals(2, all.get(1).rulesVersion());
            assertEquals(List.of(), all.get(1).rules().ingress(), "the revoke leaves no ingress rule");
            assertEquals(3, all.get(2).rulesVersion());
            assertEquals(List.of(other), all.get(2).securityGroupIds());
        }
        // a group no interface uses: nothing to announce, and the change itself works
        String unused = group(account, null, "live-unused");
        as(account).body("{\"ipPermissions\":[{\"ipProtocol\":\"tcp\",\"fromPort\":22,\"toPort\":22,"
                + "\"ipRanges\":[{\"cidrIp\":\"0.0.0.0/0\"}]}]}")
                .post("/v1/security-groups/" + unused + "/ingress").then().statusCode(200);
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
        as(account).get("/v1/network-interfaces/" + eniId).then().body("groups.groupId", Matchers
                .not(hasItem(ok)));
    }
}
