package dev.haneul.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The EC2 Query API with the real AWS SDK for Java v2 against the whole stack (through the gateway, as a user's
 * {@code --endpoint-url}): every answer is compared with the same resource's REST view, so an action answering an
 * empty list or a canned document fails; the SDK's waiters, paginators and retries work; errors carry EC2's codes.
 */
@ExtendWith(SharedStack.class)
class Ec2ApiEndToEndTest {
    static final String DEBIAN = "ami-0a1b2c3d4e5f60003";
    static final Duration WAIT = Duration.ofSeconds(180);

    static String accountId;
    static String accessKeyId;
    static String secret;
    static String token;
    static Ec2Client ec2;

    @BeforeAll
    static void anAccountOfItsOwn() {
        Map<String, Object> a = given().auth().oauth2(SharedStack.adminToken()).contentType("application/json")
                .body(Map.of("name", "ec2-api")).when().post("/v1/accounts").then().statusCode(201)
                .extract().as(Map.class);
        accountId = (String) a.get("accountId");
        accessKeyId = (String) a.get("accessKeyId");
        secret = (String) a.get("secretAccessKey");
        token = SharedStack.token(accessKeyId, secret);
        ec2 = client(accessKeyId, secret, RetryMode.STANDARD, null);
    }

    @AfterAll
    static void close() {
        if (ec2 != null) {
            ec2.close();
        }
    }

    static Ec2Client client(String keyId, String secretKey, RetryMode retries, ExecutionInterceptor interceptor) {
        return client(keyId, secretKey, retries, 0, interceptor);
    }

    /** A client of its own; {@code maxAttempts} 0 keeps the retry mode's own number of attempts. */
    static Ec2Client client(String keyId, String secretKey, RetryMode retries, int maxAttempts,
            ExecutionInterceptor interceptor) {
        var b = Ec2Client.builder().endpointOverride(URI.create(SharedStack.stack().gateway()))
                .region(Region.of("kr-central-1"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secretKey)))
                // the SDK's default client (the url-connection one drops a 401's body in streaming mode)
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(o -> {
                    if (maxAttempts > 0) {
                        o.retryStrategy(r -> r.maxAttempts(maxAttempts));
                    } else {
                        o.retryStrategy(retries);
                    }
                    if (interceptor != null) {
                        o.addExecutionInterceptor(interceptor);
                    }
                });
        return b.build();
    }

    static JsonPath rest(String path) {
        return given().auth().oauth2(token).when().get(path).then().statusCode(200).extract().jsonPath();
    }

    static String code(Ec2Exception e) {
        return e.awsErrorDetails().errorCode();
    }

    // ---- identity, region, catalogue -----------------------------------------------------------------------

    @Test
    void stsGetCallerIdentityNamesTheKeysAccount() {
        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(SharedStack.stack().gateway()))
                .region(Region.of("kr-central-1")).httpClient(ApacheHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .build()) {
            var id = sts.getCallerIdentity();
            assertEquals(accountId, id.account());
            assertEquals(accessKeyId, id.userId());
            assertTrue(id.arn().contains(accountId), id.arn());
        }
    }

    @Test
    void regionsZonesTypesAndImagesAreTheCatalogues() {
        assertEquals(List.of("kr-central-1"), ec2.describeRegions().regions().stream().map(r -> r.regionName())
                .toList());
        List<String> zones = ec2.describeAvailabilityZones().availabilityZones().stream().map(z -> z.zoneName())
                .toList();
        assertEquals(rest("/v1/availability-zones").getList("availabilityZones.zoneName"), zones);

        var types = ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings("t3.micro", "m5.large"))
                .instanceTypes();
        assertEquals(Set.of("t3.micro", "m5.large"), new TreeSet<>(types.stream().map(t -> t.instanceTypeAsString())
                .toList()));
        var micro = types.stream().filter(t -> t.instanceTypeAsString().equals("t3.micro")).findFirst().orElseThrow();
        JsonPath catalogue = rest("/v1/instance-types");
        assertEquals(catalogue.getInt("instanceTypes.find { it.instanceType == 't3.micro' }.vcpus"),
                micro.vCpuInfo().defaultVCpus());
        assertEquals(catalogue.getLong("instanceTypes.find { it.instanceType == 't3.micro' }.memoryMib"),
                micro.memoryInfo().sizeInMiB());
        var filtered = ec2.describeInstanceTypes(r -> r.filters(f -> f.name("instance-type").values("c5.*")))
                .instanceTypes();
        assertFalse(filtered.isEmpty());
        assertTrue(filtered.stream().allMatch(t -> t.instanceTypeAsString().startsWith("c5.")));

        var debian = ec2.describeImages(r -> r.imageIds(DEBIAN)).images();
        assertEquals(1, debian.size());
        assertEquals(rest("/v1/images/" + DEBIAN).getString("name"), debian.get(0).name());
        var byName = ec2.describeImages(r -> r.filters(f -> f.name("name").values("debian-12-*"))).images();
        assertEquals(List.of(DEBIAN), byName.stream().map(i -> i.imageId()).toList());
    }

    // ---- key pairs -------------------------------------------------------------------------------------------

    @Test
    void keyPairsCreateDescribeDelete() {
        CreateKeyPairResponse k = ec2.createKeyPair(r -> r.keyName("sdk-key"));
        assertTrue(k.keyMaterial().startsWith("-----BEGIN"), k.keyMaterial().substring(0, 20));
        JsonPath view = rest("/v1/key-pairs/sdk-key");
        assertEquals(view.getString("keyFingerprint"), k.keyFingerprint());
        assertEquals(view.getString("keyPairId"), k.keyPairId());
        var described = ec2.describeKeyPairs(r -> r.keyNames("sdk-key")).keyPairs();
        assertEquals(List.of(k.keyPairId()), described.stream().map(p -> p.keyPairId()).toList());
        Ec2Exception dup = assertThrows(Ec2Exception.class, () -> ec2.createKeyPair(r -> r.keyName("sdk-key")));
        assertEquals("InvalidKeyPair.Duplicate", code(dup));
        ec2.deleteKeyPair(r -> r.keyName("sdk-key"));
        given().auth().oauth2(token).when().get("/v1/key-pairs/sdk-key").then().statusCode(404);
        Ec2Exception gone = assertThrows(Ec2Exception.class, () -> ec2.describeKeyPairs(r -> r.keyNames("sdk-key")));
        assertEquals("InvalidKeyPair.NotFound", code(gone));
    }

    // ---- instances -------------------------------------------------------------------------------------------

    @Test
    void anInstanceThroughItsLifeWithWaitersFiltersAndPaging() {
        ec2.createKeyPair(r -> r.keyName("life-key"));
        String userData = Base64.getEncoder().encodeToString("#!/bin/sh\necho hello\n"
                .getBytes(StandardCharsets.UTF_8));
        RunInstancesResponse run = ec2.runInstances(r -> r.imageId(DEBIAN).instanceType("t3.nano").minCount(1)
                .maxCount(1).keyName("life-key").userData(userData).clientToken("life-1")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("Name").value("life").build()).build()));
        assertEquals(1, run.instances().size());
        String id = run.instances().get(0).instanceId();
        assertEquals(InstanceStateName.PENDING, run.instances().get(0).state().name());
        RunInstancesResponse again = ec2.runInstances(r -> r.imageId(DEBIAN).instanceType("t3.nano").minCount(1)
                .maxCount(1).keyName("life-key").userData(userData).clientToken("life-1")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("Name").value("life").build()).build()));
        assertEquals(id, again.instances().get(0).instanceId(), "the same ClientToken is the same launch");

        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).build()) {
            WaiterResponse<DescribeInstancesResponse> running = waiter.waitUntilInstanceRunning(r -> r.instanceIds(id),
                    o -> o.waitTimeout(WAIT));
            Instance i = running.matched().response().orElseThrow().reservations().get(0).instances().get(0);
            JsonPath view = rest("/v1/instances/" + id);
            assertEquals(view.getString("privateIpAddress"), i.privateIpAddress());
            assertEquals(view.getString("placement.availabilityZone"), i.placement().availabilityZone());
            assertEquals(view.getString("subnetId"), i.subnetId());
            assertEquals(view.getString("vpcId"), i.vpcId());
            assertEquals("life-key", i.keyName());
            assertEquals("life", i.tags().stream().filter(t -> t.key().equals("Name")).findFirst().orElseThrow()
                    .value());
            assertEquals(view.getList("securityGroups.groupId"), i.securityGroups().stream().map(g -> g.groupId())
                    .toList());

            // filters: the tag and the state find it; another tag value does not
            var byTag = ec2.describeInstances(r -> r.filters(Filter.builder().name("tag:Name").values("life").build(),
                    Filter.builder().name("instance-state-name").values("running").build()));
            assertEquals(List.of(id), ids(byTag));
            assertEquals(List.of(), ids(ec2.describeInstances(r -> r.filters(f -> f.name("tag:Name")
                    .values("other")))));
            Ec2Exception badFilter = assertThrows(Ec2Exception.class, () -> ec2.describeInstances(r -> r.filters(
                    f -> f.name("no-such-filter").values("x"))));
            assertEquals("InvalidParameterValue", code(badFilter));

            // stop, change the type, start: each as the REST view sees it
            ec2.stopInstances(r -> r.instanceIds(id));
            waiter.waitUntilInstanceStopped(r -> r.instanceIds(id), o -> o.waitTimeout(WAIT));
            assertEquals("stopped", rest("/v1/instances/" + id).getString("state.name"));
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(AttributeValue.builder().value("t3.micro")
                    .build()));
            assertEquals("t3.micro", rest("/v1/instances/" + id).getString("instanceType"));
            assertEquals("t3.micro", ec2.describeInstanceAttribute(r -> r.instanceId(id)
                    .attribute(InstanceAttributeName.INSTANCE_TYPE)).instanceType().value());
            ec2.startInstances(r -> r.instanceIds(id));
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(id), o -> o.waitTimeout(WAIT));
            var status = ec2.describeInstanceStatus(r -> r.instanceIds(id)).instanceStatuses();
            assertEquals(1, status.size());
            assertEquals(InstanceStateName.RUNNING, status.get(0).instanceState().name());

            ec2.terminateInstances(r -> r.instanceIds(id));
            waiter.waitUntilInstanceTerminated(r -> r.instanceIds(id), o -> o.waitTimeout(WAIT));
            assertEquals("terminated", rest("/v1/instances/" + id).getString("state.name"));
        }
    }

    /** The seeds' VPC lab with the SDK: a public subnet behind an internet gateway, a group, a launch, an address. */
    @Test
    void theSeedsVpcLabWithTheSdk() {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.77.0.0/16")).vpc().vpcId();
        assertEquals("10.77.0.0/16", rest("/v1/vpcs/" + vpc).getString("cidrBlock"));
        String az = rest("/v1/availability-zones").getString("availabilityZones[0].zoneName");
        String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.77.1.0/24").availabilityZone(az)).subnet()
                .subnetId();
        ec2.modifySubnetAttribute(r -> r.subnetId(subnet).mapPublicIpOnLaunch(b -> b.value(true)));
        assertTrue(rest("/v1/subnets/" + subnet).getBoolean("mapPublicIpOnLaunch"));
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        String rtb = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(rtb).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.associateRouteTable(r -> r.routeTableId(rtb).subnetId(subnet));
        var table = ec2.describeRouteTables(r -> r.routeTableIds(rtb)).routeTables().get(0);
        assertTrue(table.routes().stream().anyMatch(x -> "0.0.0.0/0".equals(x.destinationCidrBlock())
                && igw.equals(x.gatewayId())), table.routes().toString());
        assertEquals(subnet, table.associations().get(0).subnetId());
        String sg = ec2.createSecurityGroup(r -> r.groupName("sdk-web").description("web").vpcId(vpc)).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(p -> p.ipProtocol("tcp").fromPort(22)
                .toPort(22).ipRanges(x -> x.cidrIp("0.0.0.0/0"))));
        assertEquals(22, rest("/v1/security-groups/" + sg).getInt("ipPermissions[0].fromPort"));

        String userData = Base64.getEncoder().encodeToString("#!/bin/sh\necho web\n".getBytes(StandardCharsets.UTF_8));
        String id = ec2.runInstances(r -> r.imageId(DEBIAN).instanceType("t3.nano").minCount(1).maxCount(1)
                .subnetId(subnet).securityGroupIds(sg).userData(userData)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("Name").value("sdk-web").build()).build()))
                .instances().get(0).instanceId();
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).build()) {
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(id), o -> o.waitTimeout(WAIT));
        }
        Instance i = ec2.describeInstances(r -> r.filters(f -> f.name("vpc-id").values(vpc))).reservations().get(0)
                .instances().get(0);
        assertEquals(id, i.instanceId());
        assertEquals(subnet, i.subnetId());
        assertTrue(i.privateIpAddress().startsWith("10.77.1."), i.privateIpAddress());
        assertNotNull(i.publicIpAddress(), "the subnet maps public IPs");
        assertEquals(List.of(sg), i.securityGroups().stream().map(g -> g.groupId()).toList());

        var address = ec2.allocateAddress(r -> r.domain("vpc"));
        ec2.associateAddress(r -> r.allocationId(address.allocationId()).instanceId(id));
        assertEquals(id, ec2.describeAddresses(r -> r.allocationIds(address.allocationId())).addresses().get(0)
                .instanceId());
        given().auth().oauth2(token).when().get("/v1/instances/" + id).then().statusCode(200);
        ec2.terminateInstances(r -> r.instanceIds(id));
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).build()) {
            waiter.waitUntilInstanceTerminated(r -> r.instanceIds(id), o -> o.waitTimeout(WAIT));
        }
        ec2.releaseAddress(r -> r.allocationId(address.allocationId()));
        assertEquals(List.of(), ec2.describeAddresses(r -> r.filters(f -> f.name("allocation-id")
                .values(address.allocationId()))).addresses());
    }

    static List<String> ids(DescribeInstancesResponse r) {
        return r.reservations().stream().flatMap(v -> v.instances().stream()).map(Instance::instanceId).toList();
    }

    @Test
    void thePaginatorWalksEveryPageOnce() {
        RunInstancesResponse run = ec2.runInstances(r -> r.imageId(DEBIAN).instanceType("t3.nano").minCount(7)
                .maxCount(7).tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("batch").value("pages").build()).build()));
        Set<String> launched = new TreeSet<>(run.instances().stream().map(Instance::instanceId).toList());
        List<String> seen = new ArrayList<>();
        AtomicInteger pages = new AtomicInteger();
        ec2.describeInstancesPaginator(r -> r.maxResults(5).filters(f -> f.name("tag:batch").values("pages")))
                .forEach(page -> {
                    pages.incrementAndGet();
                    seen.addAll(ids(page));
                });
        assertEquals(launched, new TreeSet<>(seen));
        assertEquals(7, seen.size(), "no instance twice");
        assertEquals(2, pages.get());
        ec2.terminateInstances(r -> r.instanceIds(launched));
    }

    // ---- volumes, snapshots, tags, placement groups ---------------------------------------------------------

    @Test
    void volumesAttachDetachSnapshot() {
        String az = rest("/v1/availability-zones").getString("availabilityZones[0].zoneName");
        String instance = ec2.runInstances(r -> r.imageId(DEBIAN).instanceType("t3.nano").minCount(1).maxCount(1)
                .placement(p -> p.availabilityZone(az))).instances().get(0).instanceId();
        String volume = ec2.createVolume(r -> r.availabilityZone(az).size(2).volumeType("gp3")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME)
                        .tags(Tag.builder().key("Name").value("data").build()).build())).volumeId();
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).build()) {
            waiter.waitUntilVolumeAvailable(r -> r.volumeIds(volume), o -> o.waitTimeout(WAIT));
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(instance), o -> o.waitTimeout(WAIT));
            Volume v = ec2.describeVolumes(r -> r.volumeIds(volume)).volumes().get(0);
            JsonPath view = rest("/v1/volumes/" + volume);
            assertEquals(view.getInt("size"), v.size());
            assertEquals(view.getString("volumeType"), v.volumeTypeAsString());
            assertEquals("data", v.tags().get(0).value());
            ec2.attachVolume(r -> r.volumeId(volume).instanceId(instance).device("/dev/sdf"));
            waiter.waitUntilVolumeInUse(r -> r.volumeIds(volume), o -> o.waitTimeout(WAIT));
            assertEquals(instance, rest("/v1/volumes/" + volume).getString("attachments[0].instanceId"));
            var attached = ec2.describeVolumes(r -> r.filters(f -> f.name("attachment.instance-id").values(instance)))
                    .volumes();
            assertTrue(attached.stream().anyMatch(x -> x.volumeId().equals(volume)));
            String snapshot = ec2.createSnapshot(r -> r.volumeId(volume).description("sdk")).snapshotId();
            waiter.waitUntilSnapshotCompleted(r -> r.snapshotIds(snapshot), o -> o.waitTimeout(WAIT));
            assertEquals("completed", rest("/v1/snapshots/" + snapshot).getString("state"));
            ec2.detachVolume(r -> r.volumeId(volume));
            waiter.waitUntilVolumeAvailable(r -> r.volumeIds(volume), o -> o.waitTimeout(WAIT));
            ec2.modifyVolume(r -> r.volumeId(volume).size(4));
            var mods = ec2.describeVolumesModifications(r -> r.volumeIds(volume)).volumesModifications();
            assertEquals(4, mods.get(0).targetSize());
            ec2.deleteSnapshot(r -> r.snapshotId(snapshot));
            ec2.terminateInstances(r -> r.instanceIds(instance));
        }
        assertEquals(VolumeState.AVAILABLE.toString(), rest("/v1/volumes/" + volume).getString("state"));
    }

    @Test
    void tagsOnAnInstance() {
        String id = ec2.runInstances(r -> r.imageId(DEBIAN).instanceType("t3.nano").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        ec2.createTags(r -> r.resources(id).tags(Tag.builder().key("team").value("blue").build()));
        assertEquals("blue", rest("/v1/instances/" + id).getString("tags.find { it.key == 'team' }.value"));
        var tags = ec2.describeTags(r -> r.filters(f -> f.name("resource-id").values(id))).tags();
        assertEquals(List.of("team=blue"), tags.stream().map(t -> t.key() + "=" + t.value()).toList());
        ec2.deleteTags(r -> r.resources(id).tags(Tag.builder().key("team").build()));
        assertEquals(List.of(), rest("/v1/instances/" + id).getList("tags"));
        ec2.terminateInstances(r -> r.instanceIds(id));
    }

    @Test
    void placementGroups() {
        ec2.createPlacementGroup(r -> r.groupName("sdk-spread").strategy("spread"));
        var groups = ec2.describePlacementGroups(r -> r.groupNames("sdk-spread")).placementGroups();
        assertEquals(1, groups.size());
        assertEquals(rest("/v1/placement-groups").getString("placementGroups.find { it.groupName == 'sdk-spread' }"
                + ".groupId"), groups.get(0).groupId());
        ec2.deletePlacementGroup(r -> r.groupName("sdk-spread"));
        assertEquals(List.of(), rest("/v1/placement-groups").getList("placementGroups.findAll { it.groupName == "
                + "'sdk-spread' }"));
    }

    // ---- errors ----------------------------------------------------------------------------------------------

    @Test
    void errorsCarryEc2Codes() {
        Ec2Exception notFound = assertThrows(Ec2Exception.class, () -> ec2.describeInstances(r -> r.instanceIds(
                "i-0123456789abcdef0")));
        assertEquals("InvalidInstanceID.NotFound", code(notFound));
        assertEquals(400, notFound.statusCode());
        assertNotNull(notFound.requestId());

        try (Ec2Client wrong = client(accessKeyId, secret.substring(1) + "x", RetryMode.STANDARD, null)) {
            Ec2Exception bad = assertThrows(Ec2Exception.class, wrong::describeRegions);
            assertEquals("AuthFailure", code(bad));
            assertEquals(401, bad.statusCode());
        }
        try (Ec2Client unknown = client("AKIA0000000000000000", secret, RetryMode.STANDARD, null)) {
            assertEquals("AuthFailure", code(assertThrows(Ec2Exception.class, unknown::describeRegions)));
        }
        Ec2Exception missing = assertThrows(Ec2Exception.class, () -> ec2.runInstances(r -> r.instanceType("t3.nano")
                .minCount(1).maxCount(1)));
        assertEquals("MissingParameter", code(missing));
    }

    /** nginx's own refusals on the EC2 endpoint are EC2 error documents (problem+json stays on /v1). */
    @Test
    void theGatewaysRefusalsOnTheEc2EndpointAreEc2Errors() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String big = "Action=DescribeRegions&Version=2016-11-15&Pad=" + "x".repeat(1_100_000);
        var tooBig = http.send(java.net.http.HttpRequest.newBuilder(URI.create(SharedStack.stack().gateway() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(big)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooBig.statusCode());
        assertTrue(tooBig.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"), tooBig.headers()
                .toString());
        assertTrue(tooBig.body().contains("<Code>RequestEntityTooLarge</Code>"), tooBig.body());
        var unsigned = http.send(java.net.http.HttpRequest.newBuilder(URI.create(SharedStack.stack().gateway()
                + "/?Action=DescribeRegions&Version=2016-11-15")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, unsigned.statusCode());
        assertTrue(unsigned.body().contains("<Code>MissingAuthenticationToken</Code>"), unsigned.body());
        // the signature check is compute-api's own business: the gateway does not route it
        given().contentType("application/json").body(Map.of()).when().post("/v1/auth/sigv4").then().statusCode(404);
    }

    /**
     * Throttling: a launch bucket drained by calls that are refused anyway (StartInstances of an instance nobody
     * has: the bucket is taken before the lookup) answers {@code RequestLimitExceeded} (HTTP 503) to a client
     * without retries, and the SDK's standard retries carry such a call through the throttle to its real answer.
     */
    @Test
    void throttledCallsAreRequestLimitExceededAndTheSdkRetriesThrough() {
        Map<String, Object> a = given().auth().oauth2(SharedStack.adminToken()).contentType("application/json")
                .body(Map.of("name", "ec2-throttle")).when().post("/v1/accounts").then().statusCode(201)
                .extract().as(Map.class);
        String keyId = (String) a.get("accessKeyId");
        String key = (String) a.get("secretAccessKey");
        AtomicInteger throttledAttempts = new AtomicInteger();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (context.httpResponse().statusCode() == 503) {
                    throttledAttempts.incrementAndGet();
                }
            }
        };
        try (Ec2Client once = client(keyId, key, RetryMode.STANDARD, 1, null);
                Ec2Client retrying = client(keyId, key, RetryMode.STANDARD, counter)) {
            boolean retriedThrough = false;
            Ec2Exception throttled = null;
            // each round drains the bucket, then a retrying call follows at once; the bucket refills 2/s, so the
            // retrying call's first attempt is nearly always throttled: one round where it was is the claim
            for (int round = 0; round < 20 && !retriedThrough; round++) {
                throttled = null;
                for (int i = 0; i < 5000 && throttled == null; i++) {
                    Ec2Exception e = assertThrows(Ec2Exception.class,
                            () -> once.startInstances(r -> r.instanceIds("i-0123456789abcdef0")));
                    if (code(e).equals("RequestLimitExceeded")) {
                        throttled = e;
                    } else {
                        assertEquals("InvalidInstanceID.NotFound", code(e));
                    }
                }
                assertNotNull(throttled, "the launch bucket never ran dry");
                assertEquals(503, throttled.statusCode());
                throttledAttempts.set(0);
                Ec2Exception answer = assertThrows(Ec2Exception.class,
                        () -> retrying.startInstances(r -> r.instanceIds("i-0123456789abcdef0")));
                assertEquals("InvalidInstanceID.NotFound", code(answer), "the retries ended at the real answer");
                retriedThrough = throttledAttempts.get() > 0;
            }
            assertTrue(retriedThrough, "no retrying call met the throttle in 20 rounds");
        }
    }
}
