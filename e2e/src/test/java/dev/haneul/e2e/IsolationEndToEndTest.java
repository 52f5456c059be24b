package dev.haneul.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenant isolation over every public endpoint of every service, as the gateway serves them.
 *
 * <p>Account A creates one of everything; then every operation of every service's OpenAPI document is called
 * (a) anonymously, which must answer 401 (except the token endpoint), and (b) as account B, with A's ids in the
 * path, which must answer 400/403/404 and never a success, a conflict (which would reveal that the id exists)
 * or a server error; B's listings must not show any of A's ids. Operations without path ids that take ids in
 * their body are called with A's ids there ({@link #BODY_REFERENCES}); the others must be declared as touching
 * only the caller's own resources ({@link #OWN_RESOURCES_ONLY}). Afterwards A's resources are unchanged.
 *
 * <p>The endpoint list comes from the running services, so a new endpoint is checked without anyone touching
 * this test, and an endpoint whose path id or body has no fixture here fails the test until one is added.
 */
@ExtendWith(SharedStack.class)
class IsolationEndToEndTest {
    static final String UBUNTU = "ami-0a1b2c3d4e5f60001";
    static final List<String> SERVICES = List.of("compute", "scheduler", "network", "volume", "billing");
    static final Set<String> ANONYMOUS_ALLOWED = Set.of("POST /v1/auth/token");

    /** Operations with no id in the path that create or read only the caller's own resources. */
    static final Set<String> OWN_RESOURCES_ONLY = Set.of(
            "POST /v1/key-pairs", "POST /v1/key-pairs/import", "POST /v1/vpcs", "POST /v1/internet-gateways",
            "POST /v1/elastic-ips", "POST /v1/placement-groups", "POST /v1/billing/budgets",
            "POST /v1/accounts", "PUT /v1/billing/prices", "POST /v1/billing/reconciliations",
            "POST /v1/auth/token", "POST /v1/auth/refresh", "POST /v1/access-keys");

    /**
     * Names scoped to the caller, deleted idempotently as EC2 does (DeleteKeyPair answers success for a name
     * the caller does not have): B's call succeeds without touching A's resource, which is checked afterwards.
     */
    static final Set<String> IDEMPOTENT_BY_NAME = Set.of("DELETE /v1/key-pairs/{keyName}");

    static String tokenA;
    static String tokenB;
    static String accountA;
    /** Per service: path parameter name → A's value. */
    static final Map<String, Map<String, String>> PATH_IDS = new LinkedHashMap<>();
    /** Operations without path ids that name resources in their body → a body naming A's resources. */
    static final Map<String, Map<String, Object>> BODY_REFERENCES = new LinkedHashMap<>();
    static final Set<String> idsOfA = new TreeSet<>();

    @BeforeAll
    static void accountAOwnsOneOfEverything() {
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

        String keyName = "iso-" + UUID.randomUUID().toString().substring(0, 8);
        create("/v1/key-pairs", Map.of("keyName", keyName), "keyName");
        String instanceId = create("/v1/instances", Map.of("imageId", UBUNTU, "instanceType", "t3.nano",
                "minCount", 1, "maxCount", 1, "keyName", keyName), "instances[0].instanceId");
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> "running".equals(asA().get("/v1/instances/" + instanceId).path("state.name")));
        ExtractableResponse<Response> instance = asA().get("/v1/instances/" + instanceId).then().extract();
        String az = instance.path("placement.availabilityZone");
        String eni = instance.path("networkInterfaceId");
        String imageId = create("/v1/images", Map.of("instanceId", instanceId, "name", "iso-image"), "imageId");

        String vpcId = create("/v1/vpcs", Map.of("cidrBlock", "10.77.0.0/16"), "vpcId");
        String subnetId = create("/v1/subnets", Map.of("vpcId", vpcId, "cidrBlock", "10.77.1.0/24",
                "availabilityZone", az), "subnetId");
        String groupId = create("/v1/security-groups", Map.of("groupName", "iso-sg", "description", "isolation",
                "vpcId", vpcId), "groupId");
        String igwId = create("/v1/internet-gateways", Map.of(), "internetGatewayId");
        String routeTableId = create("/v1/route-tables", Map.of("vpcId", vpcId), "routeTableId");
        String routeAssociationId = create("/v1/route-tables/" + routeTableId + "/associations",
                Map.of("subnetId", subnetId), "associationId");
        String allocationId = create("/v1/elastic-ips", Map.of(), "allocationId");
        String eipAssociationId = create("/v1/elastic-ips/" + allocationId + "/associate",
                Map.of("instanceId", instanceId), "associationId", 200);

        String volumeId = create("/v1/volumes", Map.of("availabilityZone", az, "size", 1, "volumeType", "gp3"),
                "volumeId");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> "available".equals(asA().get("/v1/volumes/" + volumeId).path("state")));
        String snapshotId = create("/v1/snapshots", Map.of("volumeId", volumeId), "snapshotId");
        String placementGroupId = create("/v1/placement-groups", Map.of("groupName", "iso-pg",
                "strategy", "spread"), "groupId");
        String budgetId = create("/v1/billing/budgets", Map.of("budgetName", "iso", "amountUsd", 10), "budgetId");

        PATH_IDS.put("compute", Map.of("instanceId", instanceId, "imageId", imageId, "keyName", keyName,
                "accountId", accountA, "accessKeyId", (String) a.get("accessKeyId")));
        PATH_IDS.put("scheduler", Map.of("groupId", placementGroupId, "hostId", "host-of-a"));
        PATH_IDS.put("network", Map.of("vpcId", vpcId, "subnetId", subnetId, "groupId", groupId,
                "internetGatewayId", igwId, "routeTableId", routeTableId, "allocationId", allocationId,
                "associationId", routeAssociationId, "networkInterfaceId", eni, "direction", "ingress"));
        PATH_IDS.put("volume", Map.of("volumeId", volumeId, "snapshotId", snapshotId));
        PATH_IDS.put("billing", Map.of("budgetId", budgetId,
                "month", YearMonth.now(ZoneOffset.UTC).toString()));
        idsOfA.addAll(List.of(instanceId, imageId, vpcId, subnetId, groupId, igwId, routeTableId, allocationId,
                eipAssociationId, routeAssociationId, eni, volumeId, snapshotId, placementGroupId, budgetId, accountA,
                (String) a.get("accessKeyId")));

        BODY_REFERENCES.put("POST /v1/instances", Map.of("imageId", imageId, "instanceType", "t3.nano",
                "minCount", 1, "maxCount", 1, "subnetId", subnetId));
        BODY_REFERENCES.put("POST /v1/images", Map.of("instanceId", instanceId, "name", "stolen"));
        BODY_REFERENCES.put("POST /v1/tags", Map.of("resources", List.of(instanceId),
                "tags", List.of(Map.of("key", "owner", "value", "b"))));
        BODY_REFERENCES.put("DELETE /v1/tags", Map.of("resources", List.of(instanceId),
                "tags", List.of(Map.of("key", "owner"))));
        for (String action : List.of("start", "stop", "reboot", "terminate")) {
            BODY_REFERENCES.put("POST /v1/instances/" + action, Map.of("instanceIds", List.of(instanceId)));
        }
        BODY_REFERENCES.put("POST /v1/subnets", Map.of("vpcId", vpcId, "cidrBlock", "10.77.2.0/24"));
        BODY_REFERENCES.put("POST /v1/security-groups", Map.of("groupName", "stolen", "description", "x",
                "vpcId", vpcId));
        BODY_REFERENCES.put("POST /v1/route-tables", Map.of("vpcId", vpcId));
        BODY_REFERENCES.put("POST /v1/volumes", Map.of("availabilityZone", az, "snapshotId", snapshotId));
        BODY_REFERENCES.put("POST /v1/snapshots", Map.of("volumeId", volumeId));
    }

    static RequestSpecification asA() {
        return given().auth().oauth2(tokenA);
    }

    static String create(String path, Map<String, Object> body, String idPath) {
        return create(path, body, idPath, -1);
    }

    static String create(String path, Map<String, Object> body, String idPath, int status) {
        ExtractableResponse<Response> r = asA().contentType("application/json").body(body).when().post(path)
                .then().extract();
        assertTrue(status < 0 ? r.statusCode() / 100 == 2 : r.statusCode() == status,
                "A creates " + path + ": " + r.statusCode() + " " + r.asString());
        String id = r.path(idPath);
        assertTrue(id != null, "no " + idPath + " in the answer of POST " + path + ": " + r.asString());
        return id;
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

    static ExtractableResponse<Response> call(RequestSpecification spec, String method, String path,
            Object body) {
        if (!method.equals("GET") && !method.equals("DELETE") || body != null) {
            spec = spec.contentType("application/json").body(body == null ? Map.of() : body);
        }
        return spec.when().request(method, path).then().extract();
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
            if (!allowed && (r.statusCode() != 401 || !"AuthFailure".equals(r.path("code")))) {
                problems.add(op.key() + " anonymous → " + r.statusCode() + " " + r.asString());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void accountBCanNeitherSeeNorTouchAccountAsResources() {
        List<String> problems = new ArrayList<>();
        for (Operation op : operations()) {
            List<String> missing = new ArrayList<>();
            String path = fill(op.template(), PATH_IDS.get(op.service()), missing);
            if (!missing.isEmpty()) {
                problems.add(op.key() + ": no isolation fixture for " + missing
                        + " — give account A such a resource in IsolationEndToEndTest");
                continue;
            }
            boolean hasPathIds = PARAM.matcher(op.template()).find();
            Object body = BODY_REFERENCES.get(op.key());
            if (!hasPathIds && !op.method().equals("GET") && body == null) {
                if (!OWN_RESOURCES_ONLY.contains(op.key())) {
                    problems.add(op.key() + ": not classified — add the ids it can name to BODY_REFERENCES, or"
                            + " the operation to OWN_RESOURCES_ONLY");
                }
                continue;
            }
            ExtractableResponse<Response> r = call(given().auth().oauth2(tokenB), op.method(), path, body);
            int s = r.statusCode();
            if (!hasPathIds && op.method().equals("GET")) {
                // a listing: allowed (or admin-only), and none of A's ids in it
                if (s != 200 && s != 403) {
                    problems.add(op.key() + " as B → " + s + " " + r.asString());
                }
                String text = r.asString();
                idsOfA.stream().filter(text::contains)
                        .forEach(id -> problems.add(op.key() + " as B shows A's " + id));
                continue;
            }
            if (IDEMPOTENT_BY_NAME.contains(op.key()) && s / 100 == 2) {
                continue;
            }
            // 415: a body-less call to an operation that needs one (e.g. revoking rules) says nothing about A
            if (s != 400 && s != 403 && s != 404 && s != 415) {
                problems.add(op.key() + " as B on A's resources → " + s + " " + r.asString());
            }
        }
        assertEquals(List.of(), problems);

        // and nothing of A's changed
        asA().get("/v1/instances/" + PATH_IDS.get("compute").get("instanceId")).then().statusCode(200)
                .body("state.name", Matchers.equalTo("running"))
                .body("tags.find { it.key == 'owner' }", Matchers.nullValue());
        asA().get("/v1/volumes/" + PATH_IDS.get("volume").get("volumeId")).then().statusCode(200);
        asA().get("/v1/vpcs/" + PATH_IDS.get("network").get("vpcId")).then().statusCode(200);
        asA().get("/v1/elastic-ips/" + PATH_IDS.get("network").get("allocationId")).then().statusCode(200)
                .body("instanceId", Matchers.equalTo(PATH_IDS.get("compute").get("instanceId")));
        if (!asA().get("/v1/key-pairs/" + PATH_IDS.get("compute").get("keyName")).then().extract()
                .path("keyName").equals(PATH_IDS.get("compute").get("keyName"))) {
            fail("A's key pair changed");
        }
    }
}
