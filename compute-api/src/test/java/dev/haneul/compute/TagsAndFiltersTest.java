package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.UBUNTU;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.testing.EventProbe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.hamcrest.Matchers.containsString;

/** Tags CRUD with EC2's limits, and the describe filters tag:KEY, tag-key, keyName and ipAddress. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class TagsAndFiltersTest {
    @KafkaBootstrap
    String kafka;

    @Test
    void tagsAreAddedOverwrittenDeletedAndFilterTheList() {
        SagaDriver d = new SagaDriver(kafka);
        String web = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "tags", List.of(Map.of("key", "Name", "value", "web"), Map.of("key", "env", "value", "prod"))));
        String db = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "tags", List.of(Map.of("key", "Name", "value", "db"))));
        list(d, "?tag:Name=web").body("instances.instanceId", contains(web));
        list(d, "?tag:Name=db").body("instances.instanceId", contains(db));
        list(d, "?tag-key=env").body("instances.instanceId", contains(web));
        list(d, "?tag-key=Name").body("instances.instanceId", containsInAnyOrder(web, db));

        addTags(d, db, List.of(Map.of("key", "env", "value", "dev"), Map.of("key", "Name", "value", "db-1")))
                .statusCode(200).body("tags.key", contains("Name", "env")).body("tags.value", contains("db-1", "dev"));
        list(d, "?tag:Name=db").body("instances", hasSize(0));
        list(d, "?tag:env=dev&tag:Name=db-1").body("instances.instanceId", contains(db));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + db).then()
                .body("tags.value", contains("db-1", "dev"));

        given().auth().oauth2(d.token).when().delete("/v1/instances/" + web + "/tags?key=env&value=staging").then()
                .statusCode(200).body("tags", hasSize(2));
        given().auth().oauth2(d.token).when().delete("/v1/instances/" + web + "/tags?key=env").then()
                .statusCode(200).body("tags.key", contains("Name"));
        list(d, "?tag-key=env").body("instances.instanceId", contains(db));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + web + "/tags").then().statusCode(200)
                .body("tags[0].value", equalTo("web"));
        given().auth().oauth2(d.token).when().delete("/v1/instances/" + web + "/tags").then().statusCode(400)
                .body("code", equalTo("MissingParameter"));
    }

    @Test
    void tagLimitsAreEc2s() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        List<Map<String, String>> fifty = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            fifty.add(Map.of("key", "k" + n, "value", "v"));
        }
        addTags(d, id, fifty).statusCode(200).body("tags", hasSize(50));
        addTags(d, id, List.of(Map.of("key", "k0", "value", "again"))).statusCode(200).body("tags", hasSize(50));
        addTags(d, id, List.of(Map.of("key", "one-too-many", "value", "v"))).statusCode(400)
                .body("code", equalTo("TagLimitExceeded"));
        addTags(d, id, List.of(Map.of("key", "aws:cloudformation", "value", "v"))).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        addTags(d, id, List.of(Map.of("key", "k".repeat(129), "value", "v"))).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        addTags(d, id, List.of(Map.of("key", "k1", "value", "v".repeat(257)))).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "tags", List.of(Map.of("key", "aws:x", "value", "y")))).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        addTags(new SagaDriver(kafka), id, List.of(Map.of("key", "a", "value", "b"))).statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
    }

    @Test
    void tagSpecificationsTagTheInstanceAndCarryTheVolumeTagsToVolumeService() {
        SagaDriver d = new SagaDriver(kafka);
        try (EventProbe events = new EventProbe(kafka, Topics.INSTANCE_EVENTS)) {
            String id = d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                    "tags", List.of(Map.of("key", "Name", "value", "old")),
                    "tagSpecifications", List.of(
                            Map.of("resourceType", "instance", "tags", List.of(Map.of("key", "Name", "value", "web"),
                                    Map.of("key", "team", "value", "blue"))),
                            Map.of("resourceType", "volume", "tags", List.of(Map.of("key", "backup", "value", "daily"),
                                    Map.of("key", "team", "value", "blue"))))))
                    .statusCode(202).body("instances[0].tags.key", contains("Name", "team"))
                    .body("instances[0].tags.value", contains("web", "blue"))
                    .extract().path("instances[0].instanceId");
            List<Envelope> seen = events.awaitEvents(SagaDriver.WAIT, es -> EventProbe.ofType(es,
                    InstanceRequested.class).stream().anyMatch(r -> r.instanceId().equals(id)));
            InstanceRequested requested = EventProbe.ofType(seen, InstanceRequested.class).stream()
                    .filter(r -> r.instanceId().equals(id)).findFirst().orElseThrow();
            assertEquals(Map.of("backup", "daily", "team", "blue"), requested.volumeTags());
            list(d, "?tag:team=blue").body("instances.instanceId", contains(id));

            // without volume tags the event says so (null), as before
            String plain = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
            seen = events.awaitEvents(SagaDriver.WAIT, es -> EventProbe.ofType(es, InstanceRequested.class).stream()
                    .anyMatch(r -> r.instanceId().equals(plain)));
            assertNull(EventProbe.ofType(seen, InstanceRequested.class).stream()
                    .filter(r -> r.instanceId().equals(plain)).findFirst().orElseThrow().volumeTags());
        }
    }

    @Test
    void volumeTagSpecificationsKeepEc2sRules() {
        SagaDriver d = new SagaDriver(kafka);
        List<Map<String, String>> fiftyOne = new ArrayList<>();
        for (int n = 0; n < 51; n++) {
            fiftyOne.add(Map.of("key", "k" + n, "value", "v"));
        }
        for (List<Map<String, String>> bad : List.of(List.of(Map.of("key", "aws:backup", "value", "v")),
                List.of(Map.of("key", "k".repeat(129), "value", "v")), List.of(Map.of("key", "k", "value",
                        "v".repeat(257))), fiftyOne)) {
            d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "tagSpecifications",
                    List.of(Map.of("resourceType", "volume", "tags", bad)))).statusCode(400)
                    .body("code", equalTo("InvalidParameterValue"));
        }
        d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "tagSpecifications",
                List.of(Map.of("resourceType", "security-group", "tags", List.of(Map.of("key", "a", "value", "b"))))))
                .statusCode(400).body("code", equalTo("InvalidParameterValue"))
                .body("detail", containsString("security-group"));
        d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "tagSpecifications", List.of(
                Map.of("resourceType", "volume", "tags", List.of(Map.of("key", "a", "value", "b"))),
                Map.of("resourceType", "volume", "tags", List.of(Map.of("key", "c", "value", "d"))))))
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
        // instance tags from tags and from a specification together still count to 50
        List<Map<String, String>> thirty = fiftyOne.subList(0, 30);
        List<Map<String, String>> other = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            other.add(Map.of("key", "x" + n, "value", "v"));
        }
        d.launch(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "tags", thirty, "tagSpecifications",
                List.of(Map.of("resourceType", "instance", "tags", other)))).statusCode(400)
                .body("code", equalTo("TagLimitExceeded"));
        given().auth().oauth2(d.token).when().get("/v1/instances").then().body("instances", hasSize(0));
    }

    @Test
    void keyNameAndPublicIpFilter() {
        SagaDriver d = new SagaDriver(kafka);
        given().auth().oauth2(d.token).contentType("application/json").body(Map.of("keyName", "filter-key"))
                .when().post("/v1/key-pairs").then().statusCode(201);
        String withKey = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro", "keyName", "filter-key"));
        String withIp = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        d.run(withIp, 0, "host-f", "203.0.113.77");
        list(d, "?keyName=filter-key").body("instances.instanceId", contains(withKey));
        list(d, "?ipAddress=203.0.113.77").body("instances.instanceId", contains(withIp));
        list(d, "?ipAddress=203.0.113.78").body("instances", hasSize(0));
    }

    static ValidatableResponse list(SagaDriver d, String query) {
        return given().auth().oauth2(d.token).urlEncodingEnabled(false).when().get("/v1/instances" + query).then()
                .statusCode(200);
    }

    static ValidatableResponse addTags(SagaDriver d, String id, List<Map<String, String>> tags) {
        return given().auth().oauth2(d.token).contentType("application/json").body(tags)
                .when().post("/v1/instances/" + id + "/tags").then();
    }
}
