package dev.haneul.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.compute.account.AccountService;
import dev.haneul.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/auth/sigv4}: a signature made with an access key's secret (computed here, as an AWS SDK would)
 * is verified with the key's sealed copy and answers a token as {@code /v1/auth/token} would issue it; every
 * refusal is 401 {@code AuthFailure}, every malformed field a 400 naming it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SigV4VerificationTest {
    static final String BOOTSTRAP_KEY = "AKIATESTBOOTSTRAP001";
    static final String BOOTSTRAP_SECRET = "test-secret-0123456789012345678901234567";
    static final String NOT_VALIDATED = "AWS was not able to validate the provided access credentials.";
    static final String CREATED_BEFORE = "This access key was created before this server could verify AWS "
            + "signatures; create a new access key.";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Inject
    Pool pool;

    @Inject
    AccountService accounts;

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] signingKey(String secret, String date, String region, String service) {
        return hmac(hmac(hmac(hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date), region), service),
                "aws4_request");
    }

    /** A request to verify, signed with {@code secret} now for kr-central-1/ec2 (the fields may be changed). */
    static Map<String, Object> signed(String keyId, String secret) {
        return signed(keyId, secret, Instant.now(), "kr-central-1", "ec2");
    }

    static Map<String, Object> signed(String keyId, String secret, Instant at, String region, String service) {
        String stamp = STAMP.format(at);
        String date = stamp.substring(0, 8);
        String stringToSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + date + "/" + region + "/" + service
                + "/aws4_request\n" + HexFormat.of().formatHex(hmac(new byte[32], "canonical request " + at));
        Map<String, Object> body = new HashMap<>();
        body.put("accessKeyId", keyId);
        body.put("date", date);
        body.put("region", region);
        body.put("service", service);
        body.put("stringToSign", stringToSign);
        body.put("signature", HexFormat.of().formatHex(hmac(signingKey(secret, date, region, service),
                stringToSign)));
        return body;
    }

    static ValidatableResponse verify(Map<String, Object> body) {
        return given().contentType("application/json").body(body).when().post("/v1/auth/sigv4").then();
    }

    static void refused(Map<String, Object> body, String message) {
        verify(body).statusCode(401).contentType("application/problem+json").body("code", equalTo("AuthFailure"))
                .body("detail", containsString(message));
    }

    private static String[] newKey(String token, boolean readOnly) {
        var r = given().auth().oauth2(token).contentType("application/json").body(Map.of("readOnly", readOnly))
                .when().post("/v1/access-keys").then().statusCode(201).extract();
        return new String[] { r.path("accessKeyId"), r.path("secretAccessKey") };
    }

    private String sealedSecret(String keyId) {
        Row row = pool.preparedQuery("SELECT sealed_secret FROM access_key WHERE access_key_id = ?")
                .execute(Tuple.of(keyId)).await().atMost(WAIT).iterator().next();
        return row.getString(0);
    }

    @Test
    void aValidSignatureAnswersTheKeysAccountATokenThatWorksAndTheScopesSigningKey() {
        String[] acc = AccessKeysTest.newAccount();
        String first = AccessKeysTest.token(acc[1], acc[2]);
        String[] key = newKey(first, false);
        String sealed = sealedSecret(key[0]);
        assertNotNull(sealed, "a new key's secret is stored sealed");
        assertFalse(sealed.contains(key[1]));

        Map<String, Object> body = signed(key[0], key[1]);
        var r = verify(body).statusCode(200).body("accountId", equalTo(acc[0])).body("accessKeyId", equalTo(key[0]))
                .body("readOnly", equalTo(false)).body("expiresAt", notNullValue()).extract();
        byte[] expected = signingKey(key[1], (String) body.get("date"), "kr-central-1", "ec2");
        assertEquals(Base64.getEncoder().encodeToString(expected), r.path("signingKey"));
        assertTrue(Instant.parse(r.path("expiresAt")).isAfter(Instant.now().plus(Duration.ofMinutes(50))));
        String token = r.path("token");
        given().auth().oauth2(token).when().get("/v1/instances").then().statusCode(200);
        given().auth().oauth2(token).when().get("/v1/access-keys").then().statusCode(200)
                .body("accessKeys.accessKeyId", org.hamcrest.Matchers.hasItems(acc[1], key[0]));

        // the account's first key (made with the account) and sts as the service work too
        verify(signed(acc[1], acc[2], Instant.now(), "kr-central-1", "sts")).statusCode(200)
                .body("accessKeyId", equalTo(acc[1]));
    }

    @Test
    void aWrongSignatureAnUnknownOrInactiveKeyAndAWrongScopeAreRefused() {
        String[] acc = AccessKeysTest.newAccount();
        String first = AccessKeysTest.token(acc[1], acc[2]);
        String[] key = newKey(first, false);

        refused(signed(key[0], key[1] + "x"), NOT_VALIDATED);
        Map<String, Object> otherString = signed(key[0], key[1]);
        otherString.put("signature", signed(key[0], key[1], Instant.now().minusSeconds(1), "kr-central-1", "ec2")
                .get("signature"));
        refused(otherString, NOT_VALIDATED);
        refused(signed("AKIAAAAAAAAAAAAAAAAA", key[1]), NOT_VALIDATED);
        refused(signed("nonsense", key[1]), NOT_VALIDATED);

        refused(signed(key[0], key[1], Instant.now(), "us-east-1", "ec2"),
                "Credential should be scoped to a valid region, not 'us-east-1'. Use 'kr-central-1'.");
        refused(signed(key[0], key[1], Instant.now(), "kr-central-1", "iam"),
                "Credential should be scoped to correct service");
        Map<String, Object> mismatch = signed(key[0], key[1]);
        mismatch.put("region", "kr-central-2");
        refused(mismatch, "The credential scope of the string to sign");
        refused(signed(key[0], key[1], Instant.now().minus(Duration.ofMinutes(16)), "kr-central-1", "ec2"),
                "Signature expired");
        refused(signed(key[0], key[1], Instant.now().plus(Duration.ofMinutes(16)), "kr-central-1", "ec2"),
                "Signature not yet current");

        verify(signed(key[0], key[1])).statusCode(200);
        given().auth().oauth2(first).contentType("application/json").body(Map.of("status", "Inactive"))
                .when().patch("/v1/access-keys/" + key[0]).then().statusCode(200);
        refused(signed(key[0], key[1]), NOT_VALIDATED);
    }

    @Test
    void malformedFieldsAreInvalidParametersNamingThem() {
        String[] acc = AccessKeysTest.newAccount();
        Map<String, String> bad = Map.of("date", "2015-08-30", "region", "KR central", "service", "",
                "signature", "ABCDEF", "stringToSign", "AWS4-HMAC-SHA256\nnonsense", "accessKeyId", "");
        bad.forEach((field, value) -> {
            Map<String, Object> body = signed(acc[1], acc[2]);
            body.put(field, value);
            verify(body).statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("InvalidParameterValue")).body("detail", containsString(field));
        });
        Map<String, Object> missing = signed(acc[1], acc[2]);
        missing.remove("signature");
        verify(missing).statusCode(400).body("code", equalTo("InvalidParameterValue"))
                .body("detail", containsString("signature"));
        Map<String, Object> date = signed(acc[1], acc[2]);
        date.put("date", "20151399");
        verify(date).statusCode(400).body("detail", containsString("date"));
        given().contentType("application/json").body("nonsense").when().post("/v1/auth/sigv4").then()
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
    }

    @Test
    void aReadOnlyKeysSignatureGetsAReadOnlyToken() {
        String[] acc = AccessKeysTest.newAccount();
        String[] ro = newKey(AccessKeysTest.token(acc[1], acc[2]), true);
        String token = verify(signed(ro[0], ro[1])).statusCode(200).body("readOnly", equalTo(true))
                .extract().path("token");
        given().auth().oauth2(token).when().get("/v1/key-pairs").then().statusCode(200);
        given().auth().oauth2(token).contentType("application/json").body(Map.of("keyName", "sigv4-ro"))
                .when().post("/v1/key-pairs").then().statusCode(403).body("code", equalTo("UnauthorizedOperation"));
    }

    @Test
    void theBootstrapKeyWithoutAnOpenableSealedCopyGetsOneAtStartWhenTheConfiguredSecretIsItsOwn() throws Throwable {
        verify(signed(BOOTSTRAP_KEY, BOOTSTRAP_SECRET)).statusCode(200).body("accessKeyId", equalTo(BOOTSTRAP_KEY));
        String before = sealedSecret(BOOTSTRAP_KEY);
        try {
            // a row from before sealing
            pool.preparedQuery("UPDATE access_key SET sealed_secret = NULL WHERE access_key_id = ?")
                    .execute(Tuple.of(BOOTSTRAP_KEY)).await().atMost(WAIT);
            refused(signed(BOOTSTRAP_KEY, BOOTSTRAP_SECRET), CREATED_BEFORE);
            AccessKeysTest.token(BOOTSTRAP_KEY, BOOTSTRAP_SECRET);     // the hash is untouched

            assertFalse(accounts.sealBootstrapKey(BOOTSTRAP_KEY, "not-the-configured-secret"));
            assertNull(sealedSecret(BOOTSTRAP_KEY));
            assertTrue(accounts.sealBootstrapKey(BOOTSTRAP_KEY, BOOTSTRAP_SECRET));
            assertNotEquals(before, sealedSecret(BOOTSTRAP_KEY));
            assertFalse(accounts.sealBootstrapKey(BOOTSTRAP_KEY, BOOTSTRAP_SECRET), "sealed once");
            verify(signed(BOOTSTRAP_KEY, BOOTSTRAP_SECRET)).statusCode(200);

            // a copy that does not open (made with a former seal key) is replaced too
            String unopenable = Base64.getEncoder().encodeToString(new byte[12 + 40 + 16]);
            pool.preparedQuery("UPDATE access_key SET sealed_secret = ? WHERE access_key_id = ?")
                    .execute(Tuple.of(unopenable, BOOTSTRAP_KEY)).await().atMost(WAIT);
            refused(signed(BOOTSTRAP_KEY, BOOTSTRAP_SECRET), NOT_VALIDATED);
            assertTrue(accounts.sealBootstrapKey(BOOTSTRAP_KEY, BOOTSTRAP_SECRET));
            verify(signed(BOOTSTRAP_KEY, BOOTSTRAP_SECRET)).statusCode(200);
        } finally {
            accounts.sealBootstrapKey(BOOTSTRAP_KEY, BOOTSTRAP_SECRET);
        }
    }

    @Test
    void aSealedCopyAlteredInTheDatabaseIsRefusedNotAnError() {
        String[] acc = AccessKeysTest.newAccount();
        String[] key = newKey(AccessKeysTest.token(acc[1], acc[2]), false);
        String other = sealedSecret(acc[1]);
        pool.preparedQuery("UPDATE access_key SET sealed_secret = ? WHERE access_key_id = ?")
                .execute(Tuple.of(other, key[0])).await().atMost(WAIT);
        refused(signed(key[0], key[1]), NOT_VALIDATED);
        refused(signed(key[0], acc[2]), NOT_VALIDATED);
    }
}
