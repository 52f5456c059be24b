package dev.haneul.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.haneul.compute.keypair.KeyMaterial;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key pairs through the REST API, with EC2's errors. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class KeyPairResourceTest {

    @Test
    void createShowsThePrivateKeyOnceAndDescribeNeverDoes() {
        String token = TestTokens.user(LaunchSagaTest.newAccount());
        given().auth().oauth2(token).contentType("application/json").body(Map.of("keyName", "lab-key"))
                .when().post("/v1/key-pairs").then().statusCode(201)
                .body("keyType", equalTo("rsa"))
                .body("keyMaterial", startsWith("-----BEGIN RSA PRIVATE KEY-----"))
                .body("keyPairId", matchesPattern("key-[0-9a-f]{17}"));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("keyName", "ed-key", "keyType", "ed25519"))
                .when().post("/v1/key-pairs").then().statusCode(201)
                .body("keyMaterial", startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
        given().auth().oauth2(token).when().get("/v1/key-pairs").then().statusCode(200)
                .body("keyPairs", hasSize(2)).body("keyPairs[0].keyMaterial", nullValue());
        given().auth().oauth2(token).when().get("/v1/key-pairs/lab-key").then().statusCode(200)
                .body("keyMaterial", nullValue()).body("publicKey", startsWith("ssh-rsa "));
    }

    @Test
    void duplicatesMissingNamesAndBadKeysGetEc2sErrors() {
        String token = TestTokens.user(LaunchSagaTest.newAccount());
        given().auth().oauth2(token).contentType("application/json").body(Map.of("keyName", "k1"))
                .when().post("/v1/key-pairs").then().statusCode(201);
        given().auth().oauth2(token).contentType("application/json").body(Map.of("keyName", "k1"))
                .when().post("/v1/key-pairs").then().statusCode(409).body("code", equalTo("InvalidKeyPair.Duplicate"));
        given().auth().oauth2(token).when().get("/v1/key-pairs/nope").then().statusCode(404)
                .body("code", equalTo("InvalidKeyPair.NotFound"));
        given().auth().oauth2(token).when().get("/v1/key-pairs?keyName=nope").then().statusCode(404)
                .body("code", equalTo("InvalidKeyPair.NotFound"));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("keyName", "bad", "publicKeyMaterial", "ssh-dss AAAAB3NzaC1kc3MAAACBAP"))
                .when().post("/v1/key-pairs/import").then().statusCode(400).body("code", equalTo("InvalidKeyPair.Format"));
        given().auth().oauth2(token).contentType("application/json").body(Map.of("keyName", "k2", "keyType", "dsa"))
                .when().post("/v1/key-pairs").then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
    }

    @Test
    void importedKeysAreListedWithTheirFingerprintAndDeletingIsIdempotent() {
        String token = TestTokens.user(LaunchSagaTest.newAccount());
        KeyMaterial.Created mine = KeyMaterial.createEd25519();
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("keyName", "laptop", "publicKeyMaterial", mine.publicKeyOpenSsh() + " me@laptop"))
                .when().post("/v1/key-pairs/import").then().statusCode(201)
                .body("keyFingerprint", equalTo(mine.fingerprint())).body("keyType", equalTo("ed25519"))
                .body("keyMaterial", nullValue());
        String other = TestTokens.user(LaunchSagaTest.newAccount());
        given().auth().oauth2(other).when().get("/v1/key-pairs/laptop").then().statusCode(404);
        given().auth().oauth2(token).when().delete("/v1/key-pairs/laptop").then().statusCode(200);
        given().auth().oauth2(token).when().delete("/v1/key-pairs/laptop").then().statusCode(200);
        given().auth().oauth2(token).when().get("/v1/key-pairs").then().body("keyPairs", hasSize(0));
    }
}
