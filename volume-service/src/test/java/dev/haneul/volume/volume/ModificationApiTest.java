package dev.haneul.volume.volume;

import static dev.haneul.volume.Fixtures.AZ;
import static dev.haneul.volume.Fixtures.DEADLINE;
import static dev.haneul.volume.Fixtures.as;
import static dev.haneul.volume.Fixtures.awaitState;
import static dev.haneul.volume.Fixtures.create;
import static dev.haneul.volume.Fixtures.randomAccount;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** ModifyVolume over REST: grow only, one at a time, modifying → optimizing → completed. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ModificationApiTest {

    private static String availableVolume(String account, String body) {
        String volumeId = create(account, body);
        awaitState(account, volumeId, "available");
        return volumeId;
    }

    @Test
    void growAndChangeTypeThenCompleteAndModifyAgain() {
        String account = randomAccount();
        String volumeId = availableVolume(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":10,\"volumeType\":\"gp2\"}");
        as(account).when().get("/v1/volumes/" + volumeId + "/modification").then().statusCode(404)
                .body("code", equalTo("InvalidVolumeModification.NotFound"));

        as(account).body("{\"size\":5}").when().patch("/v1/volumes/" + volumeId).then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        as(account).body("{\"volumeType\":\"gp3\",\"iops\":100}").when().patch("/v1/volumes/" + volumeId).then()
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
        as(account).body("{\"size\":10}").when().patch("/v1/volumes/" + volumeId).then().statusCode(400);

        as(account).body("{\"size\":20,\"volumeType\":\"gp3\",\"throughput\":250}").when()
                .patch("/v1/volumes/" + volumeId).then().statusCode(200)
                .body("modificationState", equalTo("modifying")).body("targetSize", equalTo(20))
                .body("targetVolumeType", equalTo("gp3")).body("targetIops", equalTo(3000))
                .body("targetThroughput", equalTo(250)).body("originalSize", equalTo(10))
                .body("originalVolumeType", equalTo("gp2")).body("originalIops", equalTo(100))
                .body("startTime", notNullValue());
        as(account).when().get("/v1/volumes/" + volumeId).then().statusCode(200).body("size", equalTo(20))
                .body("volumeType", equalTo("gp3"));

        Awaitility.await().atMost(DEADLINE).until(() -> "completed".equals(as(account).when()
                .get("/v1/volumes/" + volumeId + "/modification").then().statusCode(200)
                .extract().path("modificationState")));
        as(account).when().get("/v1/volumes/" + volumeId + "/modification").then().body("endTime", notNullValue());
        as(account).body("{\"size\":30}").when().patch("/v1/volumes/" + volumeId).then().statusCode(200)
                .body("targetSize", equalTo(30)).body("originalSize", equalTo(20))
                .body("targetThroughput", equalTo(250));
    }

    @Test
    void oneModificationAtATime() {
        String account = randomAccount();
        // big enough that its modification lasts for the whole test (the test profile takes 2 ms per GiB)
        String volumeId = availableVolume(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":60000}");
        as(account).body("{\"size\":65536}").when().patch("/v1/volumes/" + volumeId).then().statusCode(200)
                .body("modificationState", equalTo("modifying"));
        as(account).body("{\"iops\":4000}").when().patch("/v1/volumes/" + volumeId).then().statusCode(409)
                .body("code", equalTo("IncorrectModificationState"));
    }

    @Test
    void atMostFourModificationsPerVolumeIn24Hours() {
        String account = randomAccount();
        String volumeId = availableVolume(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":10}");
        for (int size = 11; size <= 14; size++) {
            as(account).body("{\"size\":" + size + "}").when().patch("/v1/volumes/" + volumeId).then().statusCode(200);
            Awaitility.await().atMost(DEADLINE).until(() -> "completed".equals(as(account).when()
                    .get("/v1/volumes/" + volumeId + "/modification").then().extract().path("modificationState")));
        }
        as(account).body("{\"size\":15}").when().patch("/v1/volumes/" + volumeId).then().statusCode(400)
                .body("code", equalTo("VolumeModificationRateExceeded"));
        as(account).when().get("/v1/volumes/" + volumeId).then().body("size", equalTo(14));
    }

    @Test
    void modifyingAnotherAccountsVolumeIsNotFound() {
        String volumeId = create(randomAccount(), "{\"availabilityZone\":\"" + AZ + "\",\"size\":10}");
        as(randomAccount()).body("{\"size\":20}").when().patch("/v1/volumes/" + volumeId).then().statusCode(404)
                .body("code", equalTo("InvalidVolume.NotFound"));
    }
}
