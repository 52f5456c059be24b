package dev.haneul.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Access keys (at most two active, secret shown once), token refresh and read-only keys, over REST. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AccessKeysTest {

    static String token(String keyId, String secret) {
        return given().contentType("application/json").body(Map.of("accessKeyId", keyId, "secretAccessKey", secret))
                .when().post("/v1/auth/token").then().statusCode(200).extract().path("token");
    }

    static void refused(String keyId, String secret) {
        given().contentType("application/json").body(Map.of("accessKeyId", keyId, "secretAccessKey", secret))
                .when().post("/v1/auth/token").then().statusCode(401).body("code", equalTo("AuthFailure"));
    }

    /** A new account (through the bootstrap admin); answers [accountId, accessKeyId, secret]. */
    static String[] newAccount() {
        String admin = token("AKIATESTBOOTSTRAP001", "test-secret-0123456789012345678901234567");
        var r = given().auth().oauth2(admin).contentType("application/json").body(Map.of("name", "tenant"))
                .when().post("/v1/accounts").then().statusCode(201).extract();
        return new String[] { r.path("accountId"), r.path("accessKeyId"), r.path("secretAccessKey") };
    }

    @Test
    void twoActiveKeysAtMostSecretsShownOnceInactiveKeysGetNoToken() {
        String[] acc = newAccount();
        String token = token(acc[1], acc[2]);

        var second = given().auth().oauth2(token).contentType("application/json").body("{}")
                .when().post("/v1/access-keys").then().statusCode(201)
                .body("accessKeyId", notNullValue()).body("secretAccessKey", notNullValue())
                .body("status", equalTo("Active")).body("readOnly", equalTo(false)).extract();
        String key2 = second.path("accessKeyId");
        String secret2 = second.path("secretAccessKey");
        token(key2, secret2);

        given().auth().oauth2(token).when().post("/v1/access-keys").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("LimitExceeded"))
                .body("detail", containsString("2"));

        given().auth().oauth2(token).when().get("/v1/access-keys").then().statusCode(200)
                .body("accessKeys", hasSize(2)).body("accessKeys.accessKeyId", hasItems(acc[1], key2))
                .body("accessKeys", everyItem(not(hasKey("secretAccessKey"))))
                .body("accessKeys", everyItem(not(hasKey("secretHash"))))
                .body("accessKeys.createDate", everyItem(notNullValue()));

        // inactive: no token; a third key now fits; re-activating the second counts toward the two
        given().auth().oauth2(token).contentType("application/json").body(Map.of("status", "Inactive"))
                .when().patch("/v1/access-keys/" + key2).then().statusCode(200).body("status", equalTo("Inactive"));
        refused(key2, secret2);
        String key3 = given().auth().oauth2(token).when().post("/v1/access-keys").then().statusCode(201)
                .extract().path("accessKeyId");
        given().auth().oauth2(token).contentType("application/json").body(Map.of("status", "Active"))
                .when().patch("/v1/access-keys/" + key2).then().statusCode(409).body("code", equalTo("LimitExceeded"));
        given().auth().oauth2(token).when().delete("/v1/access-keys/" + key3).then().statusCode(200);
        given().auth().oauth2(token).contentType("application/json").body(Map.of("status", "Active"))
                .when().patch("/v1/access-keys/" + key2).then().statusCode(200).body("status", equalTo("Active"));
        token(key2, secret2);

        // the last active key can be neither deactivated nor deleted; an inactive one can be deleted
        given().auth().oauth2(token).when().delete("/v1/access-keys/" + key2).then().statusCode(200);
        given().auth().oauth2(token).when().delete("/v1/access-keys/" + acc[1]).then().statusCode(409)
                .body("code", equalTo("DeleteConflict"));
        given().auth().oauth2(token).contentType("application/json").body(Map.of("status", "Inactive"))
                .when().patch("/v1/access-keys/" + acc[1]).then().statusCode(409).body("code", equalTo("DeleteConflict"));
        refused(key2, secret2);

        // bad input and unknown keys
        for (String bad : List.of("{\"readOnly\": \"yes\"}", "{\"secret\": 1}", "nonsense")) {
            given().auth().oauth2(token).contentType("application/json").body(bad).when().post("/v1/access-keys")
                    .then().statusCode(400).body("code", equalTo("InvalidParameterValue"));
        }
        given().auth().oauth2(token).contentType("application/json").body(Map.of("status", "Paused"))
                .when().patch("/v1/access-keys/" + acc[1]).then().statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        given().auth().oauth2(token).when().delete("/v1/access-keys/AKIAAAAAAAAAAAAAAAAA").then().statusCode(404)
                .body("code", equalTo("NoSuchEntity"));
        given().auth().oauth2(token).when().delete("/v1/access-keys/nonsense").then().statusCode(404)
                .body("code", equalTo("NoSuchEntity"));
        given().when().get("/v1/access-keys").then().statusCode(401);
    }

    @Test
    void anotherAccountsKeyDoesNotExistForYou() {
        String[] a = newAccount();
        String[] b = newAccount();
        String tokenB = token(b[1], b[2]);
        given().auth().oauth2(tokenB).when().delete("/v1/access-keys/" + a[1]).then().statusCode(404)
                .body("code", equalTo("NoSuchEntity"));
        given().auth().oauth2(tokenB).contentType("application/json").body(Map.of("status", "Inactive"))
                .when().patch("/v1/access-keys/" + a[1]).then().statusCode(404);
        given().auth().oauth2(tokenB).when().get("/v1/access-keys").then().statusCode(200)
                .body("accessKeys.accessKeyId", equalTo(List.of(b[1])));
        token(a[1], a[2]);
    }

    @Test
    void aReadOnlyKeysTokensDescribeButChangeNothing() {
        String[] acc = newAccount();
        String token = token(acc[1], acc[2]);
        var ro = given().auth().oauth2(token).contentType("application/json").body(Map.of("readOnly", true))
                .when().post("/v1/access-keys").then().statusCode(201).body("readOnly", equalTo(true)).extract();
        String roToken = token(ro.path("accessKeyId"), ro.path("secretAccessKey"));
        given().auth().oauth2(roToken).when().get("/v1/key-pairs").then().statusCode(200);
        given().auth().oauth2(roToken).when().get("/v1/access-keys").then().statusCode(200)
                .body("accessKeys.find { it.readOnly }.accessKeyId", equalTo(ro.path("accessKeyId")));
        given().auth().oauth2(roToken).contentType("application/json").body(Map.of("keyName", "k"))
                .when().post("/v1/key-pairs").then().statusCode(403).body("code", equalTo("UnauthorizedOperation"));
        given().auth().oauth2(roToken).when().post("/v1/access-keys").then().statusCode(403)
                .body("code", equalTo("UnauthorizedOperation"));
    }

    @Test
    void aValidTokenIsRefreshedWhileItsKeyIsActive() {
        String[] acc = newAccount();
        String token = token(acc[1], acc[2]);
        var r = given().auth().oauth2(token).when().post("/v1/auth/refresh").then().statusCode(200)
                .body("expiresAt", notNullValue()).extract();
        String fresh = r.path("token");
        assertNotEquals(token, fresh);
        given().auth().oauth2(fresh).when().get("/v1/access-keys").then().statusCode(200)
                .body("accessKeys.accessKeyId", equalTo(List.of(acc[1])));

        // an admin's refreshed token is still an admin's
        String admin = token("AKIATESTBOOTSTRAP001", "test-secret-0123456789012345678901234567");
        String admin2 = given().auth().oauth2(admin).when().post("/v1/auth/refresh").then().statusCode(200)
                .extract().path("token");
        given().auth().oauth2(admin2).when().get("/v1/accounts/" + acc[0] + "/quotas").then().statusCode(200);

        // the key deactivated: its tokens, still valid until they expire, cannot be refreshed
        String key2 = given().auth().oauth2(fresh).when().post("/v1/access-keys").then().statusCode(201)
                .extract().path("accessKeyId");
        given().auth().oauth2(fresh).contentType("application/json").body(Map.of("status", "Inactive"))
                .when().patch("/v1/access-keys/" + acc[1]).then().statusCode(200);
        given().auth().oauth2(fresh).when().post("/v1/auth/refresh").then().statusCode(401)
                .body("code", equalTo("AuthFailure"));
        assertNotNull(key2);

        // expired, forged or keyless tokens
        given().auth().oauth2(TestTokens.expired(acc[0])).when().post("/v1/auth/refresh").then().statusCode(401);
        given().auth().oauth2(token + "x").when().post("/v1/auth/refresh").then().statusCode(401);
        given().when().post("/v1/auth/refresh").then().statusCode(401);
        given().auth().oauth2(TestTokens.user(acc[0])).when().post("/v1/auth/refresh").then().statusCode(401)
                .body("code", equalTo("AuthFailure"));
    }
}
