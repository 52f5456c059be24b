package dev.haneul.compute;

import static dev.haneul.compute.SagaDriver.DEBIAN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Private images: created from an instance (pending, then available), launched, deregistered. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ImagesTest {
    @KafkaBootstrap
    String kafka;

    @Test
    void anImageFromAnInstanceBecomesAvailableIsPrivateAndCanBeDeregistered() {
        SagaDriver d = new SagaDriver(kafka);
        String id = d.launchId(Map.of("imageId", DEBIAN, "instanceType", "t3.micro", "blockDeviceMappings",
                List.of(Map.of("deviceName", "/dev/xvda", "ebs", Map.of("volumeSize", 20)))));
        create(d, Map.of("instanceId", id, "name", "web-golden")).statusCode(409)
                .body("code", equalTo("IncorrectInstanceState"));
        d.run(id, 0, "host-i", null);
        String ami = create(d, Map.of("instanceId", id, "name", "web-golden", "description", "nginx baked in"))
                .statusCode(201).body("state", equalTo("pending")).body("ownerId", equalTo(d.account))
                .body("isPublic", equalTo(false)).body("rootDeviceName", equalTo("/dev/xvda"))
                .body("minRootSizeGib", equalTo(20)).body("defaultUser", equalTo("admin"))
                .extract().path("imageId");
        create(d, Map.of("instanceId", id, "name", "web-golden")).statusCode(400)
                .body("code", equalTo("InvalidAMIName.Duplicate"));
        create(d, Map.of("instanceId", id, "name", "x")).statusCode(400).body("code", equalTo("InvalidAMIName.Malformed"));
        create(d, Map.of("instanceId", "i-0123456789abcdef0", "name", "nope")).statusCode(404)
                .body("code", equalTo("InvalidInstanceID.NotFound"));

        Awaitility.await().atMost(SagaDriver.WAIT).until(() -> "available".equals(given().auth().oauth2(d.token)
                .when().get("/v1/images/" + ami).then().statusCode(200).extract().path("state")));
        given().auth().oauth2(d.token).when().get("/v1/images").then().body("images.imageId", hasItem(ami));
        d.launch(Map.of("imageId", ami, "instanceType", "t3.micro")).statusCode(202)
                .body("instances[0].rootDeviceName", equalTo("/dev/xvda"));

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

    static ValidatableResponse create(SagaDriver d, Map<String, Object> body) {
        return given().auth().oauth2(d.token).contentType("application/json").body(body)
                .when().post("/v1/images").then();
    }
}
