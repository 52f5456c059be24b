package dev.haneul.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenant isolation over every public endpoint of every service, as the gateway serves them.
 *
 * <p>Account A creates one of everything, account B a few resources of its own. Then every operation of every
 * service's OpenAPI document is called (a) anonymously, which must answer 401 (except the token endpoint), and
 * (b) as account B with A's ids, which must give exactly the answer a nonexistent id gives: the same status, code
 * and message ({@code detail}, with the id swapped) as the same call with A's ids replaced by well-formed ids
 * nobody has (the <em>ghost</em> call), and that answer must be EC2's not-found error for the id
 * ({@code InvalidInstanceID.NotFound}, {@code InvalidVolume.NotFound}, …) — never a success, a conflict, a 400
 * about the request or a server error.
 *
 * <p>Every probe sends a request that would be valid for A: a mutation carries a complete body ({@link #BODIES})
 * whose other references are B's own resources, so the only reason left to refuse it is that the path names A's
 * resource. Operations without path ids that name resources in their body are called with A's ids there
 * ({@link #bodyReferences}; RunInstances answers a missing image, subnet, key pair or group with 400, as EC2
 * does); the others must be declared as touching only the caller's own resources ({@link #OWN_RESOURCES_ONLY}).
 * Cross-references ({@link #crossReferences}) point B's own resources at A's: B's volume or elastic IP onto A's
 * instance, B's route to A's internet gateway, A's group as a source of B's rule, and so on. B's listings must
 * show none of A's ids. Afterwards every view of A's resources is what it was before the probes.
 *
 * <p>The endpoint list comes from the running services, so a new endpoint is checked without anyone touching this
 * test, and an endpoint whose path id, body or expected answer has no fixture here fails the test until one is
 * added.
 */
@ExtendWith(SharedStack.class)
class IsolationEndToEndTest {
    static final String UBUNTU = "ami-0a1b2c3d4e5f60001";
    static final List<String> SERVICES = List.of("compute", "scheduler", "network", "volume", "billing");
    static final Set<String> ANONYMOUS_ALLOWED = Set.of("POST /v1/auth/token", "POST /v1/auth/sigv4");
    static final Duration WAIT = Duration.ofSeconds(120);

    /** Operations with no id in the path that create or read only the caller's own resources. */
    static final Set<String> OWN_RESOURCES_ONLY = Set.of(
            "POST /v1/key-pairs", "POST /v1/key-pairs/import", "POST /v1/vpcs", "POST /v1/internet-gateways",
            "POST /v1/elastic-ips", "POST /v1/placement-groups", "POST /v1/billing/budgets",
            "POST /v1/accounts", "PUT /v1/billing/prices", "POST /v1/billing/reconciliations",
            "POST /v1/auth/token", "POST /v1/auth/sigv4", "POST /v1/auth/refresh", "POST /v1/access-keys");

    /**
     * Names scoped to the caller, deleted idempotently as EC2 does (DeleteKeyPair answers success for a name
     * the caller does not have): B's call answers as for a name nobody has, and A's key pair is checked afterwards.
     */
    static final Set<String> IDEMPOTENT_BY_NAME = Set.of("DELETE /v1/key-pairs/{keyName}");

    /** Admin operations with an id in the path: a tenant is refused (403) before anything is looked up. */
    static final Set<String> ADMIN_ONLY = Set.of("GET /v1/accounts/{accountId}/quotas",
            "PUT /v1/accounts/{accountId}/quotas", "GET /v1/hosts/{hostId}", "POST /v1/hosts/{hostId}/disable",
            "POST /v1/hosts/{hostId}/enable", "POST /v1/hosts/{hostId}/drain",
            "GET /v1/admin/dead-letters/{partition}/{offset}",
            "POST /v1/admin/dead-letters/{partition}/{offset}/replay");

    /** Reads whose path names no resource (a month): B reads its own, which must show none of A's ids. */
    static final Set<String> CALLER_SCOPED_READS = Set.of("GET /v1/billing/invoices/{month}");

    /** The not-found answer for another account's id, per service and path parameter (EC2's codes). */
    static final Map<String, String> NOT_FOUND = Map.ofEntries(
            Map.entry("compute.instanceId", "InvalidInstanceID.NotFound"),
            Map.entry("compute.imageId", "InvalidAMIID.NotFound"),
            Map.entry("compute.keyName", "InvalidKeyPair.NotFound"),
            Map.entry("compute.accessKeyId", "NoSuchEntity"),
            Map.entry("scheduler.groupId", "InvalidPlacementGroup.Unknown"),
            Map.entry("network.vpcId", "InvalidVpcID.NotFound"),
            Map.entry("network.subnetId", "InvalidSubnetID.NotFound"),
            Map.entry("network.groupId", "InvalidGroup.NotFound"),
            Map.entry("network.internetGatewayId", "InvalidInternetGatewayID.NotFound"),
            Map.entry("network.routeTableId", "InvalidRouteTableID.NotFound"),
            Map.entry("network.allocationId", "InvalidAllocationID.NotFound"),
            Map.entry("network.associationId", "InvalidAssociationID.NotFound"),
            Map.entry("network.networkInterfaceId", "InvalidNetworkInterfaceID.NotFound"),
            Map.entry("volume.volumeId", "InvalidVolume.NotFound"),
            Map.entry("volume.snapshotId", "InvalidSnapshot.NotFound"),
            Map.entry("billing.budgetId", "InvalidBudget.NotFound"));

    /** Path parameters that name no resource of A's. */
    static final Set<String> NOT_IDS = Set.of("direction", "month", "hostId", "partition", "offset");

    static final SecureRandom RANDOM = new SecureRandom();

    static String tokenA;
    static String tokenB;
    static String accountA;
    /** Per service: path parameter name → A's value. */
    static final Map<String, Map<String, String>> PATH_IDS = new LinkedHashMap<>();
    /** Per operation: path parameters that name another of A's resources than the service's default one. */
    static final Map<String, Map<String, String>> PATH_OVERRIDES = new LinkedHashMap<>();
    /** Per operation with a path id: the query string of a complete request. */
    static final Map<String, String> QUERIES = new LinkedHashMap<>();
    /** Per operation with a path id: a complete, valid body, its other references B's own resources. */
    static final Map<String, Object> BODIES = new LinkedHashMap<>();
    /** Every id (and name) of A's: what B's listings must not show, and what the ghost calls replace. */
    static final Set<String> idsOfA = new TreeSet<>();
    /** A's id → a well-formed id of the same kind that nobody has. */
    static final Map<String, String> GHOSTS = new HashMap<>();
    /** The views of A's resources before the probes: path (as A) → JSON. */
    static final Map<String, Object> VIEWS_OF_A = new LinkedHashMap<>();

    static String instanceA;
    static String azA;
    static String eniA;
    static String imageA;
    static String keyNameA;
    static String vpcA;
    static String subnetA;
    static String groupA;
    static String igwA;
    static String allocationA;
    static String snapshotA;
    static String hostId;
    static String hostState;

    static String instanceB;
    static String eniB;
    static String vpcB;
    static String subnetB;
    static String groupB;
    static String igwB;
    static String routeTableB;
    static String allocationB;
    static String volumeB;

    static Map<String, Object> rule(String protocol, Integer from, Integer to, String cidr) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ipProtocol", protocol);
        if (from != null) {
            p.put("fromPort", from);
            p.put("toPort", to);
        }
        p.put("ipRanges", List.of(Map.of("cidrIp", cidr)));
        return Map.of("ipPermissions", List.of(p));
    }

    @BeforeAll
    static void accountsAAndBOwnTheirResources() {
        String admin = SharedStack.adminToken();
        Map<String, Object> a = given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("name", "isolation-a")).when().post("/v1/accounts").then().statusCode(201)
                .extract().as(Map.class);
        Map<String, Object> b = given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("name", "isolation-b")).when().post("/v1/accounts").then().statusCode(201)
                .extract().as(Map.class);
        accountA = (String) a.get("accountId");
        tokenA = SharedStack.token((String) a.get("accessKeyId"), (String) a.get("secretAccessKey"));
        tokenB = SharedStack.token((String) b.get("accessKeyId"), (String) b.get("secretAccessKey"));

        // ---- A: one of everything, each in the state in which B's probe of it would be a valid request
        keyNameA = "iso-" + UUID.randomUUID().toString().substring(0, 8);
        create(tokenA, "/v1/key-pairs", Map.of("keyName", keyNameA), "keyName");
        instanceA = create(tokenA, "/v1/instances", Map.of("imageId", UBUNTU, "instanceType", "t3.nano",
                "minCount", 1, "maxCount", 1, "keyName", keyNameA,
                "tags", List.of(Map.of("key", "Name", "value", "iso-a"))), "instances[0].instanceId");
        awaitRunning(tokenA, instanceA);
        ExtractableResponse<Response> instance = asA().get("/v1/instances/" + instanceA).then().extract();
        azA = instance.path("placement.availabilityZone");
        eniA = instance.path("networkInterfaceId");
        imageA = create(tokenA, "/v1/images", Map.of("instanceId", instanceA, "name", "iso-image"), "imageId");

        vpcA = create(tokenA, "/v1/vpcs", Map.of("cidrBlock", "10.77.0.0/16"), "vpcId");
        subnetA = create(tokenA, "/v1/subnets", Map.of("vpcId", vpcA, "cidrBlock", "10.77.1.0/24",
                "availabilityZone", azA), "subnetId");
        groupA = create(tokenA, "/v1/security-groups", Map.of("groupName", "iso-sg", "description", "isolation",
                "vpcId", vpcA), "groupId");
        ok(tokenA, "POST", "/v1/security-groups/" + groupA + "/ingress", rule("tcp", 22, 22, "0.0.0.0/0"));
        igwA = create(tokenA, "/v1/internet-gateways", Map.of(), "internetGatewayId");
        ok(tokenA, "POST", "/v1/internet-gateways/" + igwA + "/attach", Map.of("vpcId", vpcA));
        String routeTableId = create(tokenA, "/v1/route-tables", Map.of("vpcId", vpcA), "routeTableId");
        ok(tokenA, "POST", "/v1/route-tables/" + routeTableId + "/routes",
                Map.of("destinationCidrBlock", "0.0.0.0/0", "gatewayId", igwA));
        String routeAssociationId = create(tokenA, "/v1/route-tables/" + routeTableId + "/associations",
                Map.of("subnetId", subnetA), "associationId");
        allocationA = create(tokenA, "/v1/elastic-ips", Map.of(), "allocationId");
        String eipAssociationId = create(tokenA, "/v1/elastic-ips/" + allocationA + "/associate",
                Map.of("instanceId", instanceA), "associationId");

        String volumeId = create(tokenA, "/v1/volumes", Map.of("availabilityZone", azA, "size", 1,
                "volumeType", "gp3"), "volumeId");
        String attachedVolumeId = create(tokenA, "/v1/volumes", Map.of("availabilityZone", azA, "size", 1,
                "volumeType", "gp3"), "volumeId");
        awaitField(tokenA, "/v1/volumes/" + volumeId, "state", "available");
        awaitField(tokenA, "/v1/volumes/" + attachedVolumeId, "state", "available");
        ok(tokenA, "POST", "/v1/volumes/" + attachedVolumeId + "/attach",
                Map.of("instanceId", instanceA, "device", "/dev/sdf"));
        awaitField(tokenA, "/v1/volumes/" + attachedVolumeId, "attachments[0].state", "attached");
        snapshotA = create(tokenA, "/v1/snapshots", Map.of("volumeId", volumeId), "snapshotId");
        String placementGroupId = create(tokenA, "/v1/placement-groups", Map.of("groupName", "iso-pg",
                "strategy", "spread"), "groupId");
        String budgetId = create(tokenA, "/v1/billing/budgets", Map.of("budgetName", "iso", "amountUsd", 10),
                "budgetId");
        // a second key, so that deactivating or deleting it would be allowed for A (the first is A's last active)
        String accessKeyId = create(tokenA, "/v1/access-keys", Map.of(), "accessKeyId");
        awaitField(tokenA, "/v1/images/" + imageA, "state", "available");
        awaitField(tokenA, "/v1/snapshots/" + snapshotA, "state", "completed");
        hostId = given().auth().oauth2(admin).get("/v1/hosts").then().statusCode(200).extract()
                .path("hosts[0].hostId");
        hostState = given().auth().oauth2(admin).get("/v1/hosts/" + hostId).then().statusCode(200).extract()
                .path("state");

        // ---- B: its own resources, in A's instance's zone, for the bodies and the cross-references
        instanceB = create(tokenB, "/v1/instances", Map.of("imageId", UBUNTU, "instanceType", "t3.nano",
                "placement", Map.of("availabilityZone", azA)), "instances[0].instanceId");
        vpcB = create(tokenB, "/v1/vpcs", Map.of("cidrBlock", "10.88.0.0/16"), "vpcId");
        subnetB = create(tokenB, "/v1/subnets", Map.of("vpcId", vpcB, "cidrBlock", "10.88.1.0/24",
                "availabilityZone", azA), "subnetId");
        groupB = create(tokenB, "/v1/security-groups", Map.of("groupName", "iso-sg-b", "description", "isolation",
                "vpcId", vpcB), "groupId");
        igwB = create(tokenB, "/v1/internet-gateways", Map.of(), "internetGatewayId");
        routeTableB = create(tokenB, "/v1/route-tables", Map.of("vpcId", vpcB), "routeTableId");
        allocationB = create(tokenB, "/v1/elastic-ips", Map.of(), "allocationId");
        volumeB = create(tokenB, "/v1/volumes", Map.of("availabilityZone", azA, "size", 1, "volumeType", "gp3"),
                "volumeId");
        awaitField(tokenB, "/v1/volumes/" + volumeB, "state", "available");
        awaitRunning(tokenB, instanceB);
        eniB = asB().get("/v1/instances/" + instanceB).then().extract().path("networkInterfaceId");

        PATH_IDS.put("compute", Map.of("instanceId", instanceA, "imageId", imageA, "keyName", keyNameA,
                "accountId", accountA, "accessKeyId", accessKeyId, "partition", "0", "offset", "0"));
        PATH_IDS.put("scheduler", Map.of("groupId", placementGroupId, "hostId", hostId));
        PATH_IDS.put("network", Map.of("vpcId", vpcA, "subnetId", subnetA, "groupId", groupA,
                "internetGatewayId", igwA, "routeTableId", routeTableId, "allocationId", allocationA,
                "associationId", routeAssociationId, "networkInterfaceId", eniA, "direction", "ingress"));
        PATH_IDS.put("volume", Map.of("volumeId", volumeId, "snapshotId", snapshotA));
        PATH_IDS.put("billing", Map.of("budgetId", budgetId, "month", YearMonth.now(ZoneOffset.UTC).toString()));
        idsOfA.addAll(List.of(instanceA, imageA, vpcA, subnetA, groupA, igwA, routeTableId, allocationA,
                eipAssociationId, routeAssociationId, eniA, volumeId, attachedVolumeId, snapshotA, placementGroupId,
                budgetId, accountA, (String) a.get("accessKeyId"), accessKeyId, keyNameA));
        idsOfA.forEach(id -> GHOSTS.put(id, ghostOf(id)));

        PATH_OVERRIDES.put("POST /v1/volumes/{volumeId}/detach", Map.of("volumeId", attachedVolumeId));

        QUERIES.put("DELETE /v1/instances/{instanceId}/tags", "?key=Name");
        QUERIES.put("DELETE /v1/route-tables/{routeTableId}/routes", "?destinationCidrBlock=0.0.0.0/0");

        BODIES.put("PATCH /v1/instances/{instanceId}", Map.of("disableApiTermination", true,
                "instanceInitiatedShutdownBehavior", "terminate"));
        BODIES.put("POST /v1/instances/{instanceId}/tags", List.of(Map.of("key", "owner", "value", "b")));
        BODIES.put("PATCH /v1/access-keys/{accessKeyId}", Map.of("status", "Inactive"));
        BODIES.put("PUT /v1/accounts/{accountId}/quotas", Map.of("vcpus", 1));
        BODIES.put("PATCH /v1/subnets/{subnetId}", Map.of("mapPublicIpOnLaunch", true));
        BODIES.put("POST /v1/internet-gateways/{internetGatewayId}/attach", Map.of("vpcId", vpcB));
        BODIES.put("POST /v1/internet-gateways/{internetGatewayId}/detach", Map.of("vpcId", vpcB));
        BODIES.put("POST /v1/route-tables/{routeTableId}/routes", Map.of("destinationCidrBlock", "192.0.2.0/24",
                "gatewayId", igwB));
        BODIES.put("POST /v1/route-tables/{routeTableId}/associations", Map.of("subnetId", subnetB));
        BODIES.put("POST /v1/elastic-ips/{allocationId}/associate", Map.of("instanceId", instanceB,
                "allowReassociation", true));
        BODIES.put("PUT /v1/network-interfaces/{networkInterfaceId}/groups", Map.of("groupIds", List.of(groupB)));
        // ingress: a rule A does not have yet; revoking: the rule A has
        BODIES.put("POST /v1/security-groups/{groupId}/{direction}", rule("tcp", 443, 443, "0.0.0.0/0"));
        BODIES.put("DELETE /v1/security-groups/{groupId}/{direction}", rule("tcp", 22, 22, "0.0.0.0/0"));
        BODIES.put("PATCH /v1/volumes/{volumeId}", Map.of("size", 2));
        BODIES.put("POST /v1/volumes/{volumeId}/attach", Map.of("instanceId", instanceB, "device", "/dev/sdg"));
        BODIES.put("POST /v1/volumes/{volumeId}/detach", Map.of("device", "/dev/sdf"));

        // what A's resources look like before B tries anything
        for (String path : viewsOfA()) {
            VIEWS_OF_A.put(path, viewOfA(path));
        }
    }

    /** B's calls without path ids that name A's resources in their body, each with the answer it must get. */
    static Map<String, List<Probe>> bodyReferences() {
        Map<String, List<Probe>> out = new LinkedHashMap<>();
        // RunInstances answers a missing image, key pair or subnet with 400, as EC2 does
        out.put("POST /v1/instances", List.of(
                new Probe("launch with A's image", "POST", "/v1/instances", Map.of("imageId", imageA,
                        "instanceType", "t3.nano"), 400, "InvalidAMIID.NotFound"),
                new Probe("launch in A's subnet", "POST", "/v1/instances", Map.of("imageId", UBUNTU,
                        "instanceType", "t3.nano", "subnetId", subnetA), 400, "InvalidSubnetID.NotFound"),
                new Probe("launch with A's key pair", "POST", "/v1/instances", Map.of("imageId", UBUNTU,
                        "instanceType", "t3.nano", "keyName", keyNameA), 400, "InvalidKeyPair.NotFound"),
                new Probe("launch with A's security group", "POST", "/v1/instances", Map.of("imageId", UBUNTU,
                        "instanceType", "t3.nano", "securityGroupIds", List.of(groupA)), 400,
                        "InvalidGroup.NotFound")));
        out.put("POST /v1/images", List.of(new Probe("image of A's instance", "POST", "/v1/images",
                Map.of("instanceId", instanceA, "name", "stolen"), 404, "InvalidInstanceID.NotFound")));
        out.put("POST /v1/tags", List.of(new Probe("tag A's instance", "POST", "/v1/tags",
                Map.of("resources", List.of(instanceA), "tags", List.of(Map.of("key", "owner", "value", "b"))),
                404, "InvalidInstanceID.NotFound")));
        out.put("DELETE /v1/tags", List.of(new Probe("untag A's instance", "DELETE", "/v1/tags",
                Map.of("resources", List.of(instanceA), "tags", List.of(Map.of("key", "Name"))),
                404, "InvalidInstanceID.NotFound")));
        for (String action : List.of("start", "stop", "reboot", "terminate")) {
            out.put("POST /v1/instances/" + action, List.of(new Probe(action + " A's instance", "POST",
                    "/v1/instances/" + action, Map.of("instanceIds", List.of(instanceA)), 404,
                    "InvalidInstanceID.NotFound")));
        }
        out.put("POST /v1/subnets", List.of(new Probe("subnet in A's VPC", "POST", "/v1/subnets",
                Map.of("vpcId", vpcA, "cidrBlock", "10.77.2.0/24", "availabilityZone", azA), 404,
                "InvalidVpcID.NotFound")));
        out.put("POST /v1/security-groups", List.of(new Probe("group in A's VPC", "POST", "/v1/security-groups",
                Map.of("groupName", "stolen", "description", "x", "vpcId", vpcA), 404, "InvalidVpcID.NotFound")));
        out.put("POST /v1/route-tables", List.of(new Probe("route table in A's VPC", "POST", "/v1/route-tables",
                Map.of("vpcId", vpcA), 404, "InvalidVpcID.NotFound")));
        out.put("POST /v1/volumes", List.of(new Probe("volume from A's snapshot", "POST", "/v1/volumes",
                Map.of("availabilityZone", azA, "snapshotId", snapshotA), 404, "InvalidSnapshot.NotFound")));
        out.put("POST /v1/snapshots", List.of(new Probe("snapshot of A's volume", "POST", "/v1/snapshots",
                Map.of("volumeId", PATH_IDS.get("volume").get("volumeId")), 404, "InvalidVolume.NotFound")));
        return out;
    }

    /** B's own resources pointed at A's. */
    static List<Probe> crossReferences() {
        return List.of(
                new Probe("B attaches its volume to A's instance", "POST", "/v1/volumes/" + volumeB + "/attach",
                        Map.of("instanceId", instanceA, "device", "/dev/sdg"), 404, "InvalidInstanceID.NotFound"),
                new Probe("B associates its elastic IP with A's instance", "POST",
                        "/v1/elastic-ips/" + allocationB + "/associate", Map.of("instanceId", instanceA), 404,
                        "InvalidInstanceID.NotFound"),
                new Probe("B associates its elastic IP with A's interface", "POST",
                        "/v1/elastic-ips/" + allocationB + "/associate", Map.of("networkInterfaceId", eniA), 404,
                        "InvalidNetworkInterfaceID.NotFound"),
                new Probe("B routes through A's internet gateway", "POST", "/v1/route-tables/" + routeTableB
                        + "/routes", Map.of("destinationCidrBlock", "0.0.0.0/0", "gatewayId", igwA), 404,
                        "InvalidGatewayID.NotFound"),
                new Probe("B attaches its internet gateway to A's VPC", "POST", "/v1/internet-gateways/" + igwB
                        + "/attach", Map.of("vpcId", vpcA), 404, "InvalidVpcID.NotFound"),
                new Probe("B associates its route table with A's subnet", "POST", "/v1/route-tables/" + routeTableB
                        + "/associations", Map.of("subnetId", subnetA), 404, "InvalidSubnetID.NotFound"),
                new Probe("B's rule names A's group as its source", "POST", "/v1/security-groups/" + groupB
                        + "/ingress", Map.of("ipPermissions", List.of(Map.of("ipProtocol", "tcp", "fromPort", 80,
                                "toPort", 80, "userIdGroupPairs", List.of(Map.of("groupId", groupA))))),
                        404, "InvalidGroup.NotFound"),
                new Probe("B puts A's group on its interface", "PUT", "/v1/network-interfaces/" + eniB + "/groups",
                        Map.of("groupIds", List.of(groupA)), 404, "InvalidGroup.NotFound"),
                new Probe("B puts A's group on its instance", "PATCH", "/v1/instances/" + instanceB,
                        Map.of("securityGroupIds", List.of(groupA)), 404, "InvalidGroup.NotFound"),
                new Probe("B revokes A's group's egress", "DELETE", "/v1/security-groups/" + groupA + "/egress",
                        rule("-1", null, null, "0.0.0.0/0"), 404, "InvalidGroup.NotFound"),
                new Probe("B adds egress to A's group", "POST", "/v1/security-groups/" + groupA + "/egress",
                        rule("tcp", 25, 25, "0.0.0.0/0"), 404, "InvalidGroup.NotFound"),
                // one invalid id fails the whole batch: B's own instance keeps running (checked afterwards)
                new Probe("B stops its instance and A's", "POST", "/v1/instances/stop",
                        Map.of("instanceIds", List.of(instanceB, instanceA)), 404, "InvalidInstanceID.NotFound"));
    }

    /** A call of B's and the answer it must get; the ghost call is the same with A's ids replaced. */
    record Probe(String label, String method, String path, Object body, int status, String code) {
    }

    /** A's views compared before and after the probes (as A). */
    static List<String> viewsOfA() {
        Map<String, String> n = PATH_IDS.get("network");
        Map<String, String> v = PATH_IDS.get("volume");
        return List.of("/v1/instances/" + instanceA, "/v1/instances/" + instanceA + "/tags", "/v1/instances",
                "/v1/images/" + imageA, "/v1/key-pairs/" + keyNameA, "/v1/key-pairs", "/v1/access-keys",
                "/v1/vpcs/" + vpcA, "/v1/subnets?vpcId=" + vpcA, "/v1/security-groups/" + groupA,
                "/v1/security-groups?vpcId=" + vpcA, "/v1/internet-gateways", "/v1/route-tables?vpcId=" + vpcA,
                "/v1/elastic-ips", "/v1/network-interfaces", "/v1/network-interfaces/" + eniA,
                "/v1/volumes", "/v1/volumes/" + v.get("volumeId") + "/modification", "/v1/snapshots",
                "/v1/placement-groups/" + PATH_IDS.get("scheduler").get("groupId"),
                "/v1/billing/budgets/" + PATH_IDS.get("billing").get("budgetId"), "/v1/route-tables/"
                        + n.get("routeTableId"));
    }

    /** A's view of a path, without what changes by itself (a budget's spend). */
    static Object viewOfA(String path) {
        ExtractableResponse<Response> r = asA().get(path).then().extract();
        if (path.contains("/modification")) {
            return r.statusCode() + " " + json(r, "code"); // no modification yet: it must stay so
        }
        assertEquals(200, r.statusCode(), "A reads " + path + ": " + r.asString());
        Map<String, Object> view = new LinkedHashMap<>(r.as(Map.class));
        view.remove("actualUsd");
        view.remove("forecastUsd");
        view.remove("thresholds");
        return view;
    }

    /** The fields of a view that differ, before → after. */
    static String difference(Object before, Object after) {
        if (!(before instanceof Map<?, ?> b) || !(after instanceof Map<?, ?> a)) {
            return before + " → " + after;
        }
        Set<Object> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(a.keySet());
        List<String> out = new ArrayList<>();
        for (Object k : keys) {
            if (!Objects.equals(b.get(k), a.get(k))) {
                out.add(k + ": " + b.get(k) + " → " + a.get(k));
            }
        }
        return String.join("; ", out);
    }

    static RequestSpecification asA() {
        return given().auth().oauth2(tokenA);
    }

    static RequestSpecification asB() {
        return given().auth().oauth2(tokenB);
    }

    static String create(String token, String path, Map<String, Object> body, String idPath) {
        ExtractableResponse<Response> r = given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post(path).then().extract();
        assertTrue(r.statusCode() / 100 == 2, "creates " + path + ": " + r.statusCode() + " " + r.asString());
        String id = r.path(idPath);
        assertTrue(id != null, "no " + idPath + " in the answer of POST " + path + ": " + r.asString());
        return id;
    }

    static void ok(String token, String method, String path, Object body) {
        ExtractableResponse<Response> r = call(given().auth().oauth2(token), method, path, body);
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + ": " + r.statusCode() + " " + r.asString());
    }

    static void awaitRunning(String token, String instanceId) {
        awaitField(token, "/v1/instances/" + instanceId, "state.name", "running");
    }

    static void awaitField(String token, String path, String field, String value) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> value.equals(given().auth().oauth2(token).get(path).then().extract().path(field)));
    }

    /** A field of a JSON answer, or null when the answer is not JSON or lacks it. */
    static String json(ExtractableResponse<Response> r, String field) {
        try {
            Object v = JsonPath.from(r.asString()).get(field);
            return v == null ? null : v.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A well-formed id (or name) of the same kind that nobody has. */
    static String ghostOf(String id) {
        if (id.matches("AKIA[A-Z0-9]{16}")) {
            return "AKIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16);
        }
        if (id.matches("[0-9]+")) {
            return random("0123456789", id.length());
        }
        int dash = id.lastIndexOf('-');
        return id.substring(0, dash + 1) + random("0123456789abcdef", id.length() - dash - 1);
    }

    static String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** The same text, path or body with each of A's ids replaced by its ghost. */
    static Object ghostly(Object o) {
        if (o instanceof String s) {
            for (Map.Entry<String, String> e : GHOSTS.entrySet()) {
                s = s.replaceAll("(?<![A-Za-z0-9])" + Pattern.quote(e.getKey()) + "(?![A-Za-z0-9])",
                        Matcher.quoteReplacement(e.getValue()));
            }
            return s;
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, ghostly(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(IsolationEndToEndTest::ghostly).toList();
        }
        return o;
    }

    record Operation(String service, String method, String template) {
        String key() {
            return method + " " + template;
        }
    }

    static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)(:[^}]*)?}");

    static List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (String service : SERVICES) {
            Map<String, Map<String, Object>> paths = given().accept("application/json")
                    .when().get("/openapi/" + service).then().statusCode(200).extract().path("paths");
            paths.forEach((template, ops) -> ops.keySet().stream()
                    .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                    .forEach(m -> out.add(new Operation(service, m.toUpperCase(), template))));
        }
        return out;
    }

    static String fill(String template, Map<String, String> ids, List<String> missing) {
        Matcher m = PARAM.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = ids.get(m.group(1));
            if (value == null) {
                missing.add(m.group(1));
                value = "x";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The first path parameter that names one of A's resources, or null. */
    static String firstIdParameter(String template) {
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            if (!NOT_IDS.contains(m.group(1))) {
                return m.group(1);
            }
        }
        return null;
    }

    /** A call with its JSON body; an operation that takes none is sent {@code {}} (a POST without a body is a 415). */
    static ExtractableResponse<Response> call(RequestSpecification spec, String method, String path,
            Object body) {
        if (!method.equals("GET") && !method.equals("DELETE") || body != null) {
            spec = spec.contentType("application/json").body(body == null ? Map.of() : body);
        }
        return spec.when().request(method, path).then().extract();
    }

    /**
     * B's call must get the expected status and code, and exactly what the ghost call (A's ids replaced by ids
     * nobody has) gets: the same status, code and message ({@code detail}) but for the id.
     */
    static void probe(Probe p, List<String> problems) {
        ExtractableResponse<Response> r = call(asB(), p.method(), p.path(), p.body());
        ExtractableResponse<Response> g = call(asB(), p.method(), (String) ghostly(p.path()), ghostly(p.body()));
        String what = p.label() + " (" + p.method() + " " + p.path() + ")";
        if (r.statusCode() != p.status() || !p.code().equals(json(r, "code")) || json(r, "detail") == null) {
            problems.add(what + " as B → " + r.statusCode() + " " + r.asString() + "; expected " + p.status() + " "
                    + p.code());
        } else {
            sameAsGhost(what, r, g, problems);
        }
    }

    static void sameAsGhost(String what, ExtractableResponse<Response> r, ExtractableResponse<Response> g,
            List<String> problems) {
        if (g.statusCode() != r.statusCode() || !Objects.equals(json(r, "code"), json(g, "code"))
                || !Objects.equals(ghostly(json(r, "detail")), json(g, "detail"))) {
            problems.add(what + " as B answers otherwise than for ids nobody has: " + r.statusCode() + " "
                    + r.asString() + " vs " + g.statusCode() + " " + g.asString());
        }
    }

    @Test
    void everyEndpointRefusesAnonymousCallers() {
        List<String> problems = new ArrayList<>();
        List<Operation> ops = operations();
        assertTrue(ops.size() > 40, "the services publish their endpoints: " + ops.size());
        for (Operation op : ops) {
            String path = fill(op.template(), PATH_IDS.get(op.service()), new ArrayList<>());
            ExtractableResponse<Response> r = call(given(), op.method(), path, null);
            boolean allowed = ANONYMOUS_ALLOWED.contains(op.key());
            if (!allowed && (r.statusCode() != 401 || !"AuthFailure".equals(json(r, "code")))) {
                problems.add(op.key() + " anonymous → " + r.statusCode() + " " + r.asString());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void accountBCanNeitherSeeNorTouchAccountAsResources() {
        List<String> problems = new ArrayList<>();
        Map<String, List<Probe>> bodyReferences = bodyReferences();
        for (Operation op : operations()) {
            Map<String, String> ids = new HashMap<>(PATH_IDS.get(op.service()));
            ids.putAll(PATH_OVERRIDES.getOrDefault(op.key(), Map.of()));
            List<String> missing = new ArrayList<>();
            String path = fill(op.template(), ids, missing) + QUERIES.getOrDefault(op.key(), "");
            if (!missing.isEmpty()) {
                problems.add(op.key() + ": no isolation fixture for " + missing
                        + " — give account A such a resource in IsolationEndToEndTest");
                continue;
            }
            boolean hasPathIds = PARAM.matcher(op.template()).find();
            if (!hasPathIds && !op.method().equals("GET")) {
                List<Probe> probes = bodyReferences.get(op.key());
                if (probes != null) {
                    probes.forEach(p -> probe(p, problems));
                } else if (!OWN_RESOURCES_ONLY.contains(op.key())) {
                    problems.add(op.key() + ": not classified — add the ids it can name to bodyReferences, or"
                            + " the operation to OWN_RESOURCES_ONLY");
                }
                continue;
            }
            if (!hasPathIds || CALLER_SCOPED_READS.contains(op.key())) {
                // a listing or a read of B's own: allowed (or admin-only), and none of A's ids in it
                ExtractableResponse<Response> r = call(asB(), op.method(), path, null);
                int s = r.statusCode();
                if (s != 200 && s != 403 && !(s == 404 && CALLER_SCOPED_READS.contains(op.key()))) {
                    problems.add(op.key() + " as B → " + s + " " + r.asString());
                }
                String text = r.asString();
                idsOfA.stream().filter(text::contains)
                        .forEach(id -> problems.add(op.key() + " as B shows A's " + id));
                continue;
            }
            Object body = BODIES.get(op.key());
            if (ADMIN_ONLY.contains(op.key())) {
                probe(new Probe(op.key(), op.method(), path, body, 403, "UnauthorizedOperation"), problems);
            } else if (IDEMPOTENT_BY_NAME.contains(op.key())) {
                ExtractableResponse<Response> r = call(asB(), op.method(), path, body);
                ExtractableResponse<Response> g = call(asB(), op.method(), (String) ghostly(path), ghostly(body));
                sameAsGhost(op.key() + " (" + path + ")", r, g, problems);
            } else {
                String code = NOT_FOUND.get(op.service() + "." + firstIdParameter(op.template()));
                if (code == null) {
                    problems.add(op.key() + ": no expected not-found answer — add " + op.service() + "."
                            + firstIdParameter(op.template()) + " to NOT_FOUND");
                    continue;
                }
                probe(new Probe(op.key(), op.method(), path, body, 404, code), problems);
            }
        }
        crossReferences().forEach(p -> probe(p, problems));

        // and nothing of A's changed, nor B's instance (the batch with A's id stopped nothing)
        for (Map.Entry<String, Object> view : VIEWS_OF_A.entrySet()) {
            Object now = viewOfA(view.getKey());
            if (!view.getValue().equals(now)) {
                problems.add("A's " + view.getKey() + " changed: " + difference(view.getValue(), now));
            }
        }
        String hostNow = given().auth().oauth2(SharedStack.adminToken()).get("/v1/hosts/" + hostId).then()
                .extract().path("state");
        if (!hostState.equals(hostNow)) {
            problems.add("host " + hostId + " changed: " + hostState + " → " + hostNow);
        }
        String stateB = asB().get("/v1/instances/" + instanceB).then().extract().path("state.name");
        if (!"running".equals(stateB)) {
            problems.add("B's instance " + instanceB + " is " + stateB + " after a batch with A's id");
        }
        assertEquals(List.of(), problems);
    }
}
