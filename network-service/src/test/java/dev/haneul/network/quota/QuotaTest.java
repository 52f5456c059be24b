package dev.haneul.network.quota;

import static dev.haneul.network.support.Api.as;
import static dev.haneul.network.support.Saga.newAccount;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.haneul.events.EventCodec;
import dev.haneul.events.account.AccountQuotasChanged;
import dev.haneul.network.support.Api;
import dev.haneul.network.support.Db;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Account quotas (with EC2's codes and the limit in the message), per-VPC limits and the admin's overrides. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class QuotaTest {
    @KafkaBootstrap
    String bootstrap;

    private static ValidatableResponse createVpc(String account, String cidr) {
        return as(account).body("{\"cidrBlock\":\"" + cidr + "\"}").post("/v1/vpcs").then();
    }

    private static ValidatableResponse createGroup(String account, String name) {
        return as(account).body("{\"groupName\":\"" + name + "\",\"description\":\"d\"}").post("/v1/security-groups")
                .then();
    }

    private static void refused(ValidatableResponse r, String code, long limit) {
        r.statusCode(400).body("code", equalTo(code)).body("detail", containsString("(limit " + limit + ")"));
    }

    private static int vpcCount(String account) {
        return as(account).get("/v1/vpcs").then().statusCode(200).extract().path("vpcs.size()");
    }

    /** Sends the admin's overrides as compute-api would and waits until network-service has consumed them. */
    private void override(String account, Map<String, Long> quotas, Instant at) {
        EventCodec.Encoded e = EventCodec.encode("compute-api", new AccountQuotasChanged(account, quotas, at));
        EventProbe.send(bootstrap, e.topic(), e.key(), e.json());
        await().atMost(Duration.ofSeconds(60)).until(() -> Db.count("SELECT COUNT(*) FROM consumed_event WHERE "
                + "consumer = 'network-service.account-events' AND event_id = '" + e.id() + "'") == 1);
    }

    @Test
    void vpcsDefaultVpcCountsAndDeletingFrees() {
        String account = newAccount();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ids.add(Api.vpc(account, "10." + i + ".0.0/16"));
        }
        refused(createVpc(account, "10.9.0.0/16"), "VpcLimitExceeded", 5);
        assertEquals(5, vpcCount(account), "the default VPC and 4 others");
        as(account).delete("/v1/vpcs/" + ids.get(0)).then().statusCode(204);
        createVpc(account, "10.9.0.0/16").statusCode(201);
        refused(createVpc(account, "10.10.0.0/16"), "VpcLimitExceeded", 5);
    }

    @Test
    void racingVpcCreatesOfANewAccountNeverExceedTheLimit() throws Exception {
        String account = newAccount();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<ValidatableResponse>> answers = IntStream.range(0, 20).mapToObj(i -> pool.submit(
                    () -> createVpc(account, "10." + i + ".0.0/16"))).toList();
            List<Integer> codes = new ArrayList<>();
            for (Future<ValidatableResponse> f : answers) {
                ValidatableResponse r = f.get();
                int code = r.extract().statusCode();
                codes.add(code);
                if (code == 400) {
                    r.body("code", equalTo("VpcLimitExceeded"));
                }
            }
            assertEquals(4, codes.stream().filter(c -> c == 201).count(), codes.toString());
            assertEquals(16, codes.stream().filter(c -> c == 400).count(), codes.toString());
        } finally {
            pool.shutdown();
        }
        assertEquals(5, vpcCount(account));
        assertEquals(1, Db.count("SELECT COUNT(*) FROM vpc WHERE account_id = '" + account + "' AND is_default"));
    }

    @Test
    void racingCreatesOfEveryKindOnANewAccountNeverFailNorExceed() throws Exception {
        String account = newAccount();
        List<Callable<ValidatableResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            calls.add(() -> createVpc(account, "10." + n + ".0.0/16"));
            calls.add(() -> as(account).post("/v1/internet-gateways").then());
            calls.add(() -> createGroup(account, "g" + n));
            calls.add(() -> as(account).get(n % 2 == 0 ? "/v1/vpcs" : "/v1/subnets").then());
        }
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        Map<String, List<Integer>> codes = new TreeMap<>();
        try {
            List<Future<ValidatableResponse>> answers = pool.invokeAll(calls);
            for (int i = 0; i < answers.size(); i++) {
                ValidatableResponse r = answers.get(i).get();
                codes.computeIfAbsent(List.of("vpc", "igw", "sg", "get").get(i % 4), k -> new ArrayList<>())
                        .add(r.extract().statusCode());
            }
        } finally {
            pool.shutdown();
        }
        String all = codes.toString();
        assertEquals(4, codes.get("vpc").stream().filter(c -> c == 201).count(), all);
        assertEquals(4, codes.get("vpc").stream().filter(c -> c == 400).count(), all);
        assertEquals(4, codes.get("igw").stream().filter(c -> c == 201).count(), all);
        assertEquals(4, codes.get("igw").stream().filter(c -> c == 400).count(), all);
        assertEquals(8, codes.get("sg").stream().filter(c -> c == 201).count(), all);
        assertEquals(8, codes.get("get").stream().filter(c -> c == 200).count(), all);
        assertEquals(5, vpcCount(account));
        as(account).get("/v1/internet-gateways").then().body("internetGateways", hasSize(5));
        as(account).get("/v1/security-groups").then().body("securityGroups", hasSize(5 + 8));
    }

    @Test
    void internetGatewaysDefaultVpcsCountsAndDeletingFrees() {
        String account = newAccount();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(Api.gateway(account));
        }
        refused(as(account).post("/v1/internet-gateways").then(), "InternetGatewayLimitExceeded", 5);
        as(account).delete("/v1/internet-gateways/" + ids.get(0)).then().statusCode(204);
        Api.gateway(account);
    }

    @Test
    void elasticIpsReleasingFrees() {
        String account = newAccount();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(Api.allocate(account));
        }
        refused(as(account).post("/v1/elastic-ips").then(), "AddressLimitExceeded", 5);
        as(account).delete("/v1/elastic-ips/" + ids.get(0)).then().statusCode(204);
        Api.allocate(account);
    }

    @Test
    void securityGroupsCountEveryVpcsDefaultGroup() {
        String account = newAccount();
        // EC2's default is 2500 per account: an override makes the limit reachable
        override(account, Map.of("securityGroups", 3L), Instant.now());
        String first = createGroup(account, "web").statusCode(201).extract().path("groupId");
        createGroup(account, "db").statusCode(201);
        refused(createGroup(account, "ssh"), "SecurityGroupLimitExceeded", 3);
        // a new VPC brings its own default group, which would not fit either
        refused(createVpc(account, "10.1.0.0/16"), "SecurityGroupLimitExceeded", 3);
        assertEquals(1, vpcCount(account));
        as(account).delete("/v1/security-groups/" + first).then().statusCode(204);
        createGroup(account, "ssh").statusCode(201);
    }

    @Test
    void theDefaultVpcIsCreatedOnFirstNeedEvenWithNoRoomAndCounts() {
        String account = newAccount();
        override(account, Map.of("vpcs", 0L, "internetGateways", 0L, "securityGroups", 0L), Instant.now());
        as(account).get("/v1/security-groups").then().statusCode(200).body("securityGroups", hasSize(1))
                .body("securityGroups[0].groupName", equalTo("default"));
        assertEquals(1, vpcCount(account));
        as(account).get("/v1/internet-gateways").then().statusCode(200).body("internetGateways", hasSize(1));
        refused(createVpc(account, "10.1.0.0/16"), "VpcLimitExceeded", 0);
        refused(as(account).post("/v1/internet-gateways").then(), "InternetGatewayLimitExceeded", 0);
        refused(createGroup(account, "web"), "SecurityGroupLimitExceeded", 0);

        // back to the defaults: the default VPC's VPC, gateway and group count against them
        override(account, Map.of(), Instant.now());
        for (int i = 1; i <= 4; i++) {
            Api.vpc(account, "10." + i + ".0.0/16");
        }
        refused(createVpc(account, "10.9.0.0/16"), "VpcLimitExceeded", 5);
    }

    @Test
    void subnetsPerVpc() {
        String account = newAccount();
        String vpcId = Api.vpc(account, "10.0.0.0/16");
        for (int i = 0; i < 200; i++) {
            Api.subnet(account, vpcId, "10.0." + i + ".0/24");
        }
        ValidatableResponse r = as(account).body("{\"vpcId\":\"" + vpcId + "\",\"cidrBlock\":\"10.0.200.0/24\"}")
                .post("/v1/subnets").then();
        refused(r, "SubnetLimitExceeded", 200);
        String some = as(account).queryParam("vpcId", vpcId).queryParam("limit", 5).get("/v1/subnets").then()
                .extract().path("subnets[0].subnetId");
        as(account).delete("/v1/subnets/" + some).then().statusCode(204);
        Api.subnet(account, vpcId, "10.0.200.0/24");
    }

    @Test
    void routeTablesPerVpcCountTheMainTable() {
        String account = newAccount();
        String vpcId = Api.vpc(account, "10.0.0.0/16");
        String body = "{\"vpcId\":\"" + vpcId + "\"}";
        String some = null;
        for (int i = 0; i < 199; i++) {
            some = as(account).body(body).post("/v1/route-tables").then().statusCode(201).extract()
                    .path("routeTableId");
        }
        refused(as(account).body(body).post("/v1/route-tables").then(), "RouteTableLimitExceeded", 200);
        as(account).delete("/v1/route-tables/" + some).then().statusCode(204);
        as(account).body(body).post("/v1/route-tables").then().statusCode(201);
    }

    @Test
    void routesPerTableCountTheLocalRoute() {
        String account = newAccount();
        String[] vpc = Api.vpcWithGateway(account, "10.0.0.0/16");
        String table = Api.mainTable(account, vpc[0]);
        for (int i = 0; i < 49; i++) {
            as(account).body("{\"destinationCidrBlock\":\"192.168." + i + ".0/24\",\"gatewayId\":\"" + vpc[1] + "\"}")
                    .post("/v1/route-tables/" + table + "/routes").then().statusCode(200);
        }
        String next = "{\"destinationCidrBlock\":\"0.0.0.0/0\",\"gatewayId\":\"" + vpc[1] + "\"}";
        refused(as(account).body(next).post("/v1/route-tables/" + table + "/routes").then(), "RouteLimitExceeded",
                50);
        as(account).queryParam("destinationCidrBlock", "192.168.0.0/24").delete("/v1/route-tables/" + table
                + "/routes").then().statusCode(200);
        as(account).body(next).post("/v1/route-tables/" + table + "/routes").then().statusCode(200)
                .body("routes", hasSize(50));
    }

    @Test
    void overridesRaiseAndLowerTheVpcLimit() {
        String account = newAccount();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ids.add(Api.vpc(account, "10." + i + ".0.0/16"));
        }
        refused(createVpc(account, "10.5.0.0/16"), "VpcLimitExceeded", 5);

        // keys of other services are someone else's business
        override(account, Map.of("vpcs", 6L, "vcpus", 64L), Instant.now());
        ids.add(createVpc(account, "10.5.0.0/16").statusCode(201).extract().path("vpcId"));
        refused(createVpc(account, "10.6.0.0/16"), "VpcLimitExceeded", 6);

        override(account, Map.of("vpcs", 3L), Instant.now());
        refused(createVpc(account, "10.6.0.0/16"), "VpcLimitExceeded", 3);
        assertEquals(6, vpcCount(account), "lowering the limit removes nothing");
        for (int i = 0; i < 4; i++) {
            as(account).delete("/v1/vpcs/" + ids.get(i)).then().statusCode(204);
        }
        createVpc(account, "10.6.0.0/16").statusCode(201);
        refused(createVpc(account, "10.7.0.0/16"), "VpcLimitExceeded", 3);
    }

    @Test
    void aNewerEventReplacesTheOverridesAndAnOlderOneIsIgnored() {
        String account = newAccount();
        Instant t = Instant.now();
        override(account, Map.of("elasticIps", 1L, "internetGateways", 1L), t);
        Api.allocate(account);
        refused(as(account).post("/v1/elastic-ips").then(), "AddressLimitExceeded", 1);
        // the default VPC's gateway already uses the one allowed
        refused(as(account).post("/v1/internet-gateways").then(), "InternetGatewayLimitExceeded", 1);

        // the complete set: internetGateways is absent, so back to the default of 5
        override(account, Map.of("elasticIps", 2L), t.plusSeconds(10));
        Api.allocate(account);
        refused(as(account).post("/v1/elastic-ips").then(), "AddressLimitExceeded", 2);
        Api.gateway(account);

        // delivered later but older: ignored
        override(account, Map.of("elasticIps", 4L), t.plusSeconds(5));
        refused(as(account).post("/v1/elastic-ips").then(), "AddressLimitExceeded", 2);
        assertEquals(2, Db.count("SELECT elastic_ips FROM account_quota WHERE account_id = '" + account + "'"));
    }
}
