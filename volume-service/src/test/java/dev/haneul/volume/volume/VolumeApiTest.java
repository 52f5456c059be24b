package dev.haneul.volume.volume;

import static dev.haneul.volume.Fixtures.AZ;
import static dev.haneul.volume.Fixtures.as;
import static dev.haneul.volume.Fixtures.awaitState;
import static dev.haneul.volume.Fixtures.create;
import static dev.haneul.volume.Fixtures.DEADLINE;
import static dev.haneul.volume.Fixtures.randomAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** CreateVolume, DescribeVolumes (filters, paging), DeleteVolume and the error rules, over REST. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class VolumeApiTest {

    @Test
    void createGoesFromCreatingToAvailableWithTypeDefaults() {
        String account = randomAccount();
        as(account).body("{\"availabilityZone\":\"" + AZ + "\",\"size\":100,\"volumeType\":\"gp2\",\"encrypted\":true,"
                        + "\"tags\":[{\"key\":\"Name\",\"value\":\"data\"}]}")
                .when().post("/v1/volumes").then().statusCode(201)
                .body("volumeId", notNullValue()).body("state", equalTo("creating")).body("size", equalTo(100))
                .body("iops", equalTo(300)).body("throughput", nullValue()).body("encrypted", equalTo(true))
                .body("availabilityZone", equalTo(AZ)).body("attachments", hasSize(0))
                .body("tags[0].key", equalTo("Name")).body("tags[0].value", equalTo("data"))
                .body("createTime", notNullValue());
        String gp3 = create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":50}");
        awaitState(account, gp3, "available");
        as(account).when().get("/v1/volumes/" + gp3).then().statusCode(200)
                .body("volumeType", equalTo("gp3")).body("iops", equalTo(3000)).body("throughput", equalTo(125))
                .body("encrypted", equalTo(false));
    }

    @Test
    void createRefusesBadInputWith400() {
        String account = randomAccount();
        expect400(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":0,\"volumeType\":\"gp2\"}", "InvalidParameterValue");
        expect400(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":10,\"volumeType\":\"io1\"}", "MissingParameter");
        expect400(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":10,\"volumeType\":\"gp2\",\"iops\":300}",
                "InvalidParameterCombination");
        expect400(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":100,\"volumeType\":\"st1\"}", "InvalidParameterValue");
        expect400(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":10,\"volumeType\":\"gp9\"}", "InvalidParameterValue");
        expect400(account, "{\"availabilityZone\":\"" + AZ + "\"}", "MissingParameter");
        expect400(account, "{\"availabilityZone\":\"mars-1a\",\"size\":10}", "InvalidParameterValue");
        expect400(account, "{\"size\":10}", "InvalidParameterValue");
        expect400(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":10,\"bogus\":1}", "UnknownParameter");
        expect400(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":\"big\"}", "InvalidParameterValue");
        expect400(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":10,\"snapshotId\":\"nope\"}",
                "InvalidSnapshotID.Malformed");
        as(account).body("{\"availabilityZone\":\"" + AZ + "\",\"size\":10,\"snapshotId\":\"snap-0123456789abcdef0\"}")
                .when().post("/v1/volumes").then().statusCode(404).body("code", equalTo("InvalidSnapshot.NotFound"));
        as(account).when().get("/v1/volumes").then().statusCode(200).body("volumes", hasSize(0));
    }

    private static void expect400(String account, String body, String code) {
        as(account).body(body).when().post("/v1/volumes").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo(code));
    }

    @Test
    void anotherAccountsVolumeIsNotFoundAndMalformedIdsAre400() {
        String owner = randomAccount();
        String volumeId = create(owner, "{\"availabilityZone\":\"" + AZ + "\",\"size\":10}");
        String other = randomAccount();
        as(other).when().get("/v1/volumes/" + volumeId).then().statusCode(404)
                .body("code", equalTo("InvalidVolume.NotFound"));
        as(other).when().get("/v1/volumes/vol-0123456789abcdef0").then().statusCode(404)
                .body("code", equalTo("InvalidVolume.NotFound"));
        as(other).when().delete("/v1/volumes/" + volumeId).then().statusCode(404);
        as(other).when().get("/v1/volumes").then().statusCode(200).body("volumes", hasSize(0));
        as(other).queryParam("volumeId", volumeId).when().get("/v1/volumes").then().statusCode(200)
                .body("volumes", hasSize(0));
        as(owner).when().get("/v1/volumes/not-a-volume").then().statusCode(400)
                .body("code", equalTo("InvalidVolumeID.Malformed"));
        as(owner).queryParam("volumeId", "vol-xyz").when().get("/v1/volumes").then().statusCode(400)
                .body("code", equalTo("InvalidVolumeID.Malformed"));
    }

    @Test
    void withoutAValidTokenIs401() {
        given().when().get("/v1/volumes").then().statusCode(401).body("code", equalTo("AuthFailure"));
        given().auth().oauth2(TestTokens.expired(randomAccount())).when().get("/v1/volumes/vol-0123456789abcdef0")
                .then().statusCode(401).body("code", equalTo("AuthFailure"));
        given().contentType("application/json").body("{\"availabilityZone\":\"" + AZ + "\",\"size\":10}")
                .when().post("/v1/volumes").then().statusCode(401);
        given().when().get("/v1/snapshots").then().statusCode(401);
    }

    @Test
    void listingFiltersAndPages() {
        String account = randomAccount();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":" + (i + 1) + "}"));
        }
        String elsewhere = create(account, "{\"availabilityZone\":\"kr-central-1b\",\"size\":5}");
        as(account).queryParam("availabilityZone", "kr-central-1b").when().get("/v1/volumes").then()
                .statusCode(200).body("volumes", hasSize(1)).body("volumes[0].volumeId", equalTo(elsewhere));

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var request = as(account).queryParam("limit", 5).queryParam("availabilityZone", AZ);
            if (token != null) {
                request = request.queryParam("nextToken", token);
            }
            JsonPath page = request.when().get("/v1/volumes").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("volumes.volumeId"));
            token = page.getString("nextToken");
            pages++;
        } while (token != null);
        assertEquals(2, pages);
        assertEquals(created, new HashSet<>(seen));
        assertEquals(7, seen.size());

        String one = seen.get(0);
        String two = seen.get(1);
        as(account).queryParam("volumeId", one).queryParam("volumeId", two).when().get("/v1/volumes").then()
                .statusCode(200).body("volumes", hasSize(2));
        Awaitility.await().atMost(DEADLINE).until(() -> as(account).queryParam("state", "available")
                .when().get("/v1/volumes").then().statusCode(200).extract().jsonPath().getList("volumes").size() == 8);
        as(account).queryParam("limit", 4).when().get("/v1/volumes").then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        as(account).queryParam("limit", 1001).when().get("/v1/volumes").then().statusCode(400);
        as(account).queryParam("nextToken", "%%%").when().get("/v1/volumes").then().statusCode(400)
                .body("code", equalTo("InvalidNextToken"));
        JsonPath all = as(account).when().get("/v1/volumes").then().statusCode(200).extract().jsonPath();
        assertNull(all.getString("nextToken"));
    }

    @Test
    void deleteOnlyWhenAvailable() {
        String account = randomAccount();
        String volumeId = create(account, "{\"availabilityZone\":\"" + AZ + "\",\"size\":10}");
        awaitState(account, volumeId, "available");
        as(account).when().delete("/v1/volumes/" + volumeId).then().statusCode(204);
        as(account).when().get("/v1/volumes/" + volumeId).then().statusCode(200)
                .body("state", anyOf(equalTo("deleting"), equalTo("deleted")));
        as(account).when().delete("/v1/volumes/" + volumeId).then().statusCode(anyOf(equalTo(409), equalTo(404)))
                .body("code", anyOf(equalTo("IncorrectState"), equalTo("InvalidVolume.NotFound")));
        awaitState(account, volumeId, "deleted");
        as(account).when().delete("/v1/volumes/" + volumeId).then().statusCode(404)
                .body("code", equalTo("InvalidVolume.NotFound"));
        as(account).queryParam("state", "deleted").when().get("/v1/volumes").then().statusCode(200)
                .body("volumes", hasSize(1)).body("volumes[0].attachments", hasSize(0));
    }
}
