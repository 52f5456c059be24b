package dev.haneul.compute;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.haneul.compute.SagaDriver.UBUNTU;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** {@code /v1/tags}: DescribeTags, CreateTags and DeleteTags over instances, private images and key pairs. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(FakeServices.class)
class TagsApiTest {
    @KafkaBootstrap
    String kafka;

    @Test
    void tagsOnInstancesImagesAndKeyPairsAreCreatedListedFilteredAndDeleted() {
        SagaDriver d = new SagaDriver(kafka);
        String instance = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro",
                "tags", List.of(Map.of("key", "Name", "value", "web"))));
        String keyPair = given().auth().oauth2(d.token).contentType("application/json").body(Map.of("keyName", "tagged"))
                .when().post("/v1/key-pairs").then().statusCode(201).extract().path("keyPairId");
        String image = privateImage(d, instance);

        create(d, List.of(instance, image, keyPair), List.of(Map.of("key", "env", "value", "prod"),
                Map.of("key", "team", "value", "blue"))).statusCode(200).body("return", equalTo(true));
        describe(d, "").body("tags", hasSize(7)).body("nextToken", nullValue());
        describe(d, "?resource-id=" + instance).body("tags.key", contains("Name", "env", "team"))
                .body("tags.resourceType", contains("instance", "instance", "instance"));
        describe(d, "?resource-type=image").body("tags.resourceId", contains(image, image))
                .body("tags.key", contains("env", "team"));
        describe(d, "?resource-type=key-pair&key=team").body("tags", hasSize(1))
                .body("tags[0].resourceId", equalTo(keyPair)).body("tags[0].value", equalTo("blue"));
        describe(d, "?key=env&value=prod").body("tags.resourceId", containsInAnyOrder(instance, image, keyPair));
        describe(d, "?value=web").body("tags.resourceId", contains(instance));
        // the instance's own view and its describe filter see the same tags
        given().auth().oauth2(d.token).when().get("/v1/instances/" + instance).then()
                .body("tags.key", contains("Name", "env", "team"));
        TagsAndFiltersTest.list(d, "?tag:team=blue").body("instances.instanceId", contains(instance));

        // overwrite a value on two resources, then page through the lot in a stable order
        create(d, List.of(instance, keyPair), List.of(Map.of("key", "env", "value", "dev"))).statusCode(200);
        describe(d, "?key=env&value=dev").body("tags.resourceId", containsInAnyOrder(instance, keyPair));
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            ValidatableResponse page = describe(d, "?limit=5" + (token == null ? "" : "&nextToken=" + token));
            List<String> ids = page.extract().path("tags.resourceId");
            List<String> keys = page.extract().path("tags.key");
            for (int n = 0; n < ids.size(); n++) {
                seen.add(ids.get(n) + "/" + keys.get(n));
            }
            token = page.extract().path("nextToken");
        } while (token != null);
        // two pages (5 + 2), every tag exactly once
        Assertions.assertEquals(7, seen.size());
        Assertions.assertEquals(7, new HashSet<>(seen).size());
        describe(d, "?limit=5").body("tags", hasSize(5)).body("nextToken", notNullValue());

        // delete by key and value: only where the value matches
        delete(d, "?resourceId=" + instance + "&resourceId=" + image + "&key=env&value=dev").statusCode(200);
        describe(d, "?key=env").body("tags.resourceId", containsInAnyOrder(image, keyPair));
        // delete by key
        delete(d, "?resourceId=" + image + "&resourceId=" + keyPair + "&key=env").statusCode(200);
        describe(d, "?key=env").body("tags", hasSize(0));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + instance).then()
                .body("tags.key", contains("Name", "team"));
        // EC2's DeleteTags as a body: several keys (one only where its value matches); no tags → all of them
        create(d, List.of(instance, keyPair), List.of(Map.of("key", "a", "value", "1"), Map.of("key", "b", "value",
                "2"))).statusCode(200);
        deleteBody(d, Map.of("resources", List.of(instance, keyPair), "tags", List.of(Map.of("key", "a"),
                Map.of("key", "b", "value", "other")))).statusCode(200);
        describe(d, "?key=a").body("tags", hasSize(0));
        describe(d, "?key=b").body("tags", hasSize(2));
        deleteBody(d, Map.of("resources", List.of(keyPair))).statusCode(200);
        describe(d, "?resource-id=" + keyPair).body("tags", hasSize(0));
        deleteBody(d, Map.of("resources", List.of(instance), "tags", List.of(Map.of("key", "b")))).statusCode(200);
        given().auth().oauth2(d.token).when().get("/v1/instances/" + instance).then()
                .body("tags.key", contains("Name", "team"));
        deleteBody(d, Map.of("resources", List.of())).statusCode(400).body("code", equalTo("InvalidParameterValue"));

        // a deleted key pair and a deregistered image take their tags with them
        given().auth().oauth2(d.token).when().delete("/v1/key-pairs/tagged").then().statusCode(200);
        given().auth().oauth2(d.token).when().delete("/v1/images/" + image).then().statusCode(204);
        describe(d, "").body("tags.resourceId", contains(instance, instance));

        // another account sees none of it
        describe(new SagaDriver(kafka), "").body("tags", hasSize(0));
    }

    @Test
    void aBadResourceFailsTheWholeCallBeforeAnythingChanges() {
        SagaDriver d = new SagaDriver(kafka);
        String instance = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        List<Map<String, String>> tag = List.of(Map.of("key", "env", "value", "prod"));

        create(d, List.of(instance, "i-0123456789abcdef0"), tag).statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));
        create(d, List.of(instance, new SagaDriver(kafka).launchId(Map.of("imageId", UBUNTU, "instanceType",
                "t3.micro"))), tag).statusCode(404).body("code", equalTo("InvalidInstanceID.NotFound"));
        create(d, List.of(instance, "ami-0ffffffffffffffff"), tag).statusCode(404)
                .body("code", equalTo("InvalidAMIID.NotFound"));
        create(d, List.of(instance, UBUNTU), tag).statusCode(400).body("code", equalTo("UnsupportedOperation"));
        create(d, List.of(instance, "key-0123456789abcdef0"), tag).statusCode(404)
                .body("code", equalTo("InvalidKeyPair.NotFound"));
        create(d, List.of(instance, "vol-0123456789abcdef0"), tag).statusCode(400)
                .body("code", equalTo("UnsupportedOperation"));
        create(d, List.of(instance, "sg-0123456789abcdef0"), tag).statusCode(400)
                .body("code", equalTo("UnsupportedOperation"));
        create(d, List.of(instance, "banana"), tag).statusCode(400).body("code", equalTo("InvalidID"));
        create(d, List.of(instance), List.of(Map.of("key", "aws:x", "value", "y"))).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        create(d, List.of(instance), List.of()).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        delete(d, "?resourceId=vol-0123456789abcdef0&key=env").statusCode(400)
                .body("code", equalTo("UnsupportedOperation"));
        delete(d, "?resourceId=" + instance).statusCode(400).body("code", equalTo("MissingParameter"));
        delete(d, "?key=env").statusCode(400).body("code", equalTo("MissingParameter"));
        describe(d, "?limit=4").statusCode(400);
        given().auth().oauth2(d.token).when().get("/v1/tags?nextToken=%%%").then().statusCode(400)
                .body("code", equalTo("InvalidNextToken"));

        // the limit of 50 on one resource fails the call for every resource in it
        String full = d.launchId(Map.of("imageId", UBUNTU, "instanceType", "t3.micro"));
        List<Map<String, String>> fifty = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            fifty.add(Map.of("key", "k" + n, "value", "v"));
        }
        create(d, List.of(full), fifty).statusCode(200);
        create(d, List.of(instance, full), tag).statusCode(400).body("code", equalTo("TagLimitExceeded"));

        describe(d, "?resource-id=" + instance).body("tags", hasSize(0));
        given().auth().oauth2(d.token).when().get("/v1/instances/" + instance).then().body("tags", hasSize(0));
    }

    /** A private image of a running instance, with volume-service faked for its snapshot. */
    private String privateImage(SagaDriver d, String instance) {
        d.run(instance, 0, "host-t", null);
        WireMock volume = FakeServices.client();
        StubMapping stub = volume.register(post(urlEqualTo("/v1/snapshots")).atPriority(1).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"snapshotId\":\"snap-0" + instance.substring(3) + "\",\"volumeId\":\""
                        + SagaDriver.rootVolume(instance) + "\",\"volumeSize\":8,\"state\":\"pending\"}")));
        try {
            return given().auth().oauth2(d.token).contentType("application/json")
                    .body(Map.of("instanceId", instance, "name", "tagged-" + instance)).when().post("/v1/images")
                    .then().statusCode(201).body("snapshotId", notNullValue()).extract().path("imageId");
        } finally {
            volume.removeStubMapping(stub);
        }
    }

    static ValidatableResponse describe(SagaDriver d, String query) {
        return given().auth().oauth2(d.token).urlEncodingEnabled(false).when().get("/v1/tags" + query).then();
    }

    static ValidatableResponse create(SagaDriver d, List<String> resources, List<Map<String, String>> tags) {
        return given().auth().oauth2(d.token).contentType("application/json")
                .body(Map.of("resources", resources, "tags", tags)).when().post("/v1/tags").then();
    }

    static ValidatableResponse deleteBody(SagaDriver d, Map<String, Object> body) {
        return given().auth().oauth2(d.token).contentType("application/json").body(body).when().delete("/v1/tags")
                .then();
    }

    static ValidatableResponse delete(SagaDriver d, String query) {
        return given().auth().oauth2(d.token).urlEncodingEnabled(false).when().delete("/v1/tags" + query).then();
    }
}
