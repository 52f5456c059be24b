package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.DEBIAN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.haneul.compute.catalog.Image;
import dev.haneul.compute.catalog.ImageService;
import jakarta.inject.Inject;
import dev.haneul.testing.KafkaBootstrap;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.BlockDevice;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.volume.SnapshotCompleted;
import dev.haneul.testing.EventProbe;
import java.time.Instant;
import java.util.ArrayList;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private images: created from an instance through a snapshot of its root volume (volume-service is a fake HTTP
 * server here; its SnapshotCompleted is published over the real broker), launched from, deregistered.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeServices.class)
class ImagesTest {
    @Inject
    ImageService images;

    @KafkaBootstrap
    String kafka;

    private final WireMock volume = FakeServices.client();
    private final List<StubMapping> stubs = new ArrayList<>();

    @Test
    void theCatalogueIsPagedByNameThenIdAndABadTokenIsRefused() throws Throwable {
        SagaDriver d = new SagaDriver(kafka);
        // the account's own images page with the public ones (by name: these sort among them)
        for (String name : List.of("debian-paging-a", "paging-b", "zz-paging-c")) {
            Image own = new Image();
            own.imageId = "ami-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
            own.accountId = d.account;
            own.name = name;
            own.architecture = "x86_64";
            own.platform = "linux";
            own.platformDetails = "Linux/UNIX";
            own.description = "paging";
            own.rootDeviceName = "/dev/xvda";
            own.minRootSizeGib = 8;
            own.defaultUser = "admin";
            own.state = "available";
            own.createdAt = Instant.now();
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(own::persist));
        }
        List<String> all = given().auth().oauth2(d.token).when().get("/v1/images").then().statusCode(200)
                .body("nextToken", equalTo(null)).extract().path("images.imageId");
        assertTrue(all.size() > 5, "control: more images than the smallest page (" + all + ")");
        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var page = given().auth().oauth2(d.token).queryParam("limit", 5)
                    .queryParams(token == null ? Map.of() : Map.of("nextToken", token))
                    .when().get("/v1/images").then().statusCode(200).extract();
            List<String> ids = page.path("images.imageId");
            assertTrue(ids.size() <= 5, "a page larger than its limit: " + ids);
            paged.addAll(ids);
            token = page.path("nextToken");
            pages++;
        } while (token != null && pages < 100);
        assertEquals(all, paged, "the pages, one after the other, are the whole list in its order");
        assertTrue(pages >= 2);
        given().auth().oauth2(d.token).queryParam("nextToken", "not-a-token").when().get("/v1/images").then()
                .statusCode(400).body("code", equalTo("InvalidNextToken"));
        given().auth().oauth2(d.token).queryParam("limit", 0).when().get("/v1/images").then()
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
    }

    @Test
    void theCatalogueSaysWhichHostDriversBootEachImage() {
        SagaDriver d = new SagaDriver(kafka);
        ValidatableResponse images = given().auth().oauth2(d.token).when().get("/v1/images").then().statusCode(200);
        images.body("images.find { it.imageId == '" + DEBIAN + "' }.supportedDrivers",
                equalTo(List.of("simulated", "linux")));
        // the images whose archives a host cannot reach boot on the simulated fleet only
        for (String other : List.of("ami-0a1b2c3d4e5f60001", "ami-0a1b2c3d4e5f60004", "ami-0a1b2c3d4e5f60005")) {
            images.body("images.find { it.imageId == '" + other + "' }.supportedDrivers",
                    equalTo(List.of("simulated")));
        }
    }

    @Test
    void anImageFromAnInstanceBecomesAvailableIsPrivateAndCanBeDeregistered() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", DEBIAN, "instanceType", "t3.micro", "blockDeviceMappings",
                List.of(Map.of("deviceName", "/dev/xvda", "ebs", Map.of("volumeSize", 20)))));
        create(d, Map.of("instanceId", id, "name", "web-golden")).statusCode(409)
                .body("code", equalTo("IncorrectInstanceState"));
        d.run(id, 0, "host-i", null);
        String snapshot = "snap-0" + id.substring(3);
        // volume-service takes the snapshot of the root volume; it reports a 24 GiB volume
        snapshotAnswers(201, "{\"snapshotId\":\"" + snapshot + "\",\"volumeId\":\"" + SagaDriver.rootVolume(id)
                + "\",\"volumeSize\":24,\"state\":\"pending\",\"progress\":\"0%\"}");
        String ami = create(d, Map.of("instanceId", id, "name", "web-golden", "description", "nginx baked in"))
                .statusCode(201).body("state", equalTo("pending")).body("ownerId", equalTo(d.account))
                .body("isPublic", equalTo(false)).body("rootDeviceName", equalTo("/dev/xvda"))
                .body("snapshotId", equalTo(snapshot)).body("sourceInstanceId", equalTo(id))
                .body("minRootSizeGib", equalTo(24)).body("defaultUser", equalTo("admin"))
                .extract().path("imageId");
        volume.verifyThat(postRequestedFor(urlEqualTo("/v1/snapshots"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + d.token))
                .withRequestBody(equalToJson("{\"volumeId\":\"" + SagaDriver.rootVolume(id) + "\",\"description\":"
                        + "\"Created by CreateImage(" + id + ") for " + ami + "\"}")));
        create(d, Map.of("instanceId", id, "name", "web-golden")).statusCode(400)
                .body("code", equalTo("InvalidAMIName.Duplicate"));
        create(d, Map.of("instanceId", id, "name", "x")).statusCode(400).body("code", equalTo("InvalidAMIName.Malformed"));
        create(d, Map.of("instanceId", "i-0123456789abcdef0", "name", "nope")).statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
        // pending until volume-service reports the snapshot completed: not launchable yet
        d.launch(Map.of("imageId", ami, "instanceType", "t3.micro")).statusCode(400)
                .body("code", equalTo("InvalidAMIID.NotFound"));
        EventProbe.publish(kafka, "volume-service", new SnapshotCompleted(d.account, snapshot,
                SagaDriver.rootVolume(id), 24, Instant.now()));

        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> "available".equals(given().auth().oauth2(d.token)
                .when().get("/v1/images/" + ami).then().statusCode(200).extract().path("state")));
        given().auth().oauth2(d.token).when().get("/v1/images").then().body("images.imageId", hasItem(ami));
        given().auth().oauth2(d.token).when().get("/v1/images/" + ami).then()
                .body("supportedDrivers", equalTo(List.of("simulated"))); // no host captures a guest's files yet
        // a launch from it creates the root volume from the snapshot, at least as large as the snapshot
        try (EventProbe events = new EventProbe(kafka, Topics.INSTANCE_EVENTS)) {
            String launched = d.launch(Map.of("imageId", ami, "instanceType", "t3.micro")).statusCode(202)
                    .body("instances[0].rootDeviceName", equalTo("/dev/xvda")).extract().path("instances[0].instanceId");
            List<Envelope> seen = events.awaitEvents(SagaDriver.WAIT, es -> EventProbe.ofType(es,
                    InstanceRequested.class).stream().anyMatch(r -> r.instanceId().equals(launched)));
            BlockDevice root = EventProbe.ofType(seen, InstanceRequested.class).stream()
                    .filter(r -> r.instanceId().equals(launched)).findFirst().orElseThrow().blockDevices().get(0);
            assertEquals(snapshot, root.snapshotId());
            assertEquals(24, root.sizeGib());
            assertTrue(root.root());
        }
        d.launch(Map.of("imageId", ami, "instanceType", "t3.micro", "blockDeviceMappings",
                List.of(Map.of("deviceName", "/dev/xvda", "ebs", Map.of("volumeSize", 16))))).statusCode(400)
                .body("code", equalTo("InvalidBlockDeviceMapping"));

        SagaDriver other = new SagaDriver(kafka);
        given().auth().oauth2(other.token).when().get("/v1/images/" + ami).then().statusCode(404)
                .body("code", equalTo("InvalidAMIID.NotFound"));
        given().auth().oauth2(other.token).when().get("/v1/images").then().body("images.imageId", not(hasItem(ami)));
        other.launch(Map.of("imageId", ami, "instanceType", "t3.micro")).statusCode(400)
                .body("code", equalTo("InvalidAMIID.NotFound"));
        given().auth().oauth2(other.token).when().delete("/v1/images/" + ami).then().statusCode(404)
                .body("code", equalTo("InvalidAMIID.NotFound"));
        given().auth().oauth2(d.token).when().delete("/v1/images/" + DEBIAN).then().statusCode(404)
                .body("code", equalTo("InvalidAMIID.NotFound"));
        given().auth().oauth2(d.token).when().delete("/v1/images/nope").then().statusCode(400)
                .body("code", equalTo("InvalidAMIID.Malformed"));

        given().auth().oauth2(d.token).when().delete("/v1/images/" + ami).then().statusCode(204);
        given().auth().oauth2(d.token).when().get("/v1/images/" + ami).then().statusCode(404)
                .body("code", equalTo("InvalidAMIID.NotFound"));
        d.launch(Map.of("imageId", ami, "instanceType", "t3.micro")).statusCode(400)
                .body("code", equalTo("InvalidAMIID.NotFound"));
        given().auth().oauth2(d.token).when().delete("/v1/images/" + ami).then().statusCode(404);
    }

    @Test
    void aRefusedSnapshotCreatesNoImageAndAnUnansweredOneLeavesItPendingUntilItsSnapshotOrItsDeadline()
            throws Throwable {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", DEBIAN, "instanceType", "t3.micro"));
        d.run(id, 0, "host-i", null);
        String slowId = d.launchId(Map.of("imageId", DEBIAN, "instanceType", "t3.micro"));
        d.run(slowId, 0, "host-i", null);
        snapshotAnswers(400, "{\"status\":400,\"code\":\"ConcurrentSnapshotLimitExceeded\","
                + "\"detail\":\"Maximum of 5 pending snapshots for volume reached\"}");
        create(d, Map.of("instanceId", id, "name", "refused")).statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("ConcurrentSnapshotLimitExceeded"))
                .body("detail", equalTo("Maximum of 5 pending snapshots for volume reached"));
        removeStubs();
        given().auth().oauth2(d.token).when().get("/v1/images").then().body("images.name", not(hasItem("refused")));

        // the connection is reset after the request went out: volume-service may have taken the snapshot, so the
        // image is not thrown away (an orphaned, billed snapshot) but stays pending, without a snapshot yet
        String unanswered = create(d, Map.of("instanceId", id, "name", "unanswered")).statusCode(201)
                .body("state", equalTo("pending")).body("snapshotId", equalTo(null)).extract().path("imageId");
        // volume-service answers after compute-api's read timeout: the same
        stubs.add(volume.register(post(urlEqualTo("/v1/snapshots")).atPriority(1).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withFixedDelay(8_000)
                .withBody("{\"snapshotId\":\"snap-0" + slowId.substring(3) + "\",\"volumeSize\":8,"
                        + "\"state\":\"pending\"}"))));
        String slow = create(d, Map.of("instanceId", slowId, "name", "too-slow")).statusCode(201)
                .body("state", equalTo("pending")).extract().path("imageId");
        removeStubs();
        // it had taken it: its completion makes the image available
        EventProbe.publish(kafka, "volume-service", new SnapshotCompleted(d.account, "snap-0" + slowId.substring(3),
                SagaDriver.rootVolume(slowId), 8, Instant.now()));
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> "available".equals(given().auth().oauth2(d.token)
                .when().get("/v1/images/" + slow).then().statusCode(200).extract().path("state")));

        // no snapshot came for the other: past the deadline it fails, with its reason
        VertxContextSupport.subscribeAndAwait(() -> images.failUnsnapshotted(Instant.now().plusSeconds(1), 500));
        given().auth().oauth2(d.token).when().get("/v1/images/" + unanswered).then().statusCode(200)
                .body("state", equalTo("failed")).body("stateReason.code", equalTo("Server.InternalError"))
                .body("stateReason.message", equalTo("Server.InternalError: the snapshot of "
                        + SagaDriver.rootVolume(id) + " was not taken; create the image again."));
        given().auth().oauth2(d.token).when().get("/v1/images/" + slow).then().body("state", equalTo("available"));
        // a snapshot that completes after all still makes it available
        EventProbe.publish(kafka, "volume-service", new SnapshotCompleted(d.account, "snap-1" + id.substring(3),
                SagaDriver.rootVolume(id), 8, Instant.now()));
        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> "available".equals(given().auth().oauth2(d.token)
                .when().get("/v1/images/" + unanswered).then().statusCode(200).extract().path("state")));
        given().auth().oauth2(d.token).when().get("/v1/images/" + unanswered).then()
                .body("snapshotId", equalTo("snap-1" + id.substring(3))).body("stateReason", equalTo(null));

        // the refused name is free
        snapshotAnswers(201, "{\"snapshotId\":\"snap-2" + id.substring(3) + "\",\"volumeSize\":8,"
                + "\"state\":\"pending\"}");
        create(d, Map.of("instanceId", id, "name", "refused")).statusCode(201).body("state", equalTo("pending"));
    }

    @AfterEach
    void removeStubs() {
        stubs.forEach(volume::removeStubMapping);
        stubs.clear();
    }

    private void snapshotAnswers(int status, String body) {
        stubs.add(volume.register(post(urlEqualTo("/v1/snapshots")).atPriority(1).willReturn(aResponse()
                .withStatus(status).withHeader("Content-Type", status < 400 ? "application/json"
                        : "application/problem+json").withBody(body))));
    }

    static ValidatableResponse create(SagaDriver d, Map<String, Object> body) {
        return given().auth().oauth2(d.token).contentType("application/json").body(body)
                .when().post("/v1/images").then();
    }
}
