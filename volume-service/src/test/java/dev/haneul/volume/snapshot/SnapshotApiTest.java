package dev.haneul.volume.snapshot;

import static dev.haneul.volume.Fixtures.AZ;
import static dev.haneul.volume.Fixtures.DEADLINE;
import static dev.haneul.volume.Fixtures.randomAccount;
import static dev.haneul.volume.Fixtures.as;
import static dev.haneul.volume.Fixtures.awaitState;
import static dev.haneul.volume.Fixtures.create;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** CreateSnapshot, DescribeSnapshots, DeleteSnapshot and volumes from snapshots, over REST. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SnapshotApiTest {

    private static String snapshot(String account, String body) {
        return as(account).body(body).when().post("/v1/snapshots").then().statusCode(201).extract().path("snapshotId");
    }

    @Test
    void snapshotCompletesCopiesTagsAndSeedsANewVolume() {
        String account = randomAccount();
        String volumeId = create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":12,"
                + "\"tags\":[{\"key\":\"team\",\"value\":\"db\"},{\"key\":\"Name\",\"value\":\"vol\"}]}");
        awaitState(account, volumeId, "available");

        as(account).body("{\"volumeId\":\"" + volumeId + "\",\"description\":\"nightly\",\"copyTagsFromSource\":\"volume\","
                + "\"tags\":[{\"key\":\"Name\",\"value\":\"snap\"}]}").when().post("/v1/snapshots").then()
                .statusCode(201).body("state", equalTo("pending")).body("volumeSize", equalTo(12))
                .body("description", equalTo("nightly")).body("ownerId", equalTo(account))
                .body("tags", hasSize(2)).body("tags.find { it.key == 'Name' }.value", equalTo("snap"))
                .body("tags.find { it.key == 'team' }.value", equalTo("db"));
        String snapshotId = as(account).queryParam("volumeId", volumeId).when().get("/v1/snapshots").then()
                .statusCode(200).body("snapshots", hasSize(1)).extract().path("snapshots[0].snapshotId");
        Awaitility.await().atMost(DEADLINE).until(() -> "completed".equals(as(account).when()
                .get("/v1/snapshots/" + snapshotId).then().statusCode(200).extract().path("state")));
        as(account).when().get("/v1/snapshots/" + snapshotId).then().body("progress", equalTo("100%"));

        as(account).body("{\"availabilityZone\":\"kr-central-1b\",\"snapshotId\":\"" + snapshotId + "\",\"size\":11}")
                .when().post("/v1/volumes").then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        as(account).body("{\"availabilityZone\":\"kr-central-1b\",\"snapshotId\":\"" + snapshotId + "\"}")
                .when().post("/v1/volumes").then().statusCode(201).body("size", equalTo(12))
                .body("snapshotId", equalTo(snapshotId));

        as(randomAccount()).when().get("/v1/snapshots/" + snapshotId).then().statusCode(404)
                .body("code", equalTo("InvalidSnapshot.NotFound"));
        as(randomAccount()).when().delete("/v1/snapshots/" + snapshotId).then().statusCode(404);
        as(account).when().get("/v1/snapshots/snap-nope").then().statusCode(400)
                .body("code", equalTo("InvalidSnapshotID.Malformed"));
        as(account).when().delete("/v1/snapshots/" + snapshotId).then().statusCode(204);
        as(account).when().get("/v1/snapshots/" + snapshotId).then().statusCode(404);
    }

    @Test
    void atMostFivePendingSnapshotsPerVolume() {
        String account = randomAccount();
        // large enough that its snapshots stay pending for the whole test (the test profile copies 2 ms per GiB)
        String volumeId = create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":65536}");
        awaitState(account, volumeId, "available");
        for (int i = 0; i < 5; i++) {
            snapshot(account, "{\"volumeId\":\"" + volumeId + "\"}");
        }
        as(account).body("{\"volumeId\":\"" + volumeId + "\"}").when().post("/v1/snapshots").then().statusCode(400)
                .body("code", equalTo("ConcurrentSnapshotLimitExceeded"));
        as(account).queryParam("volumeId", volumeId).queryParam("state", "pending").when().get("/v1/snapshots")
                .then().statusCode(200).body("snapshots", hasSize(5));
        as(account).body("{\"volumeId\":\"" + volumeId + "\",\"copyTagsFromSource\":\"instance\"}").when()
                .post("/v1/snapshots").then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        as(account).body("{\"volumeId\":\"vol-0123456789abcdef0\"}").when().post("/v1/snapshots").then()
                .statusCode(404).body("code", equalTo("InvalidVolume.NotFound"));
    }
}
