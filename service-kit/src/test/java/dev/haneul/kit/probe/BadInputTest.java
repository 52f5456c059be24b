package dev.haneul.kit.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Input the kit refuses for every service, once: a number that is not an integer where an integer is expected, a
 * query parameter that is not a number, a body that is not JSON. Each is a 400 problem+json that names the field
 * or parameter, never a truncated value, a 404 or a bare "HTTP 400 Bad Request".
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class BadInputTest {
    private static final String TOKEN = TestTokens.user("444444444444");

    @TestHTTPResource("/")
    URI base;

    @Test
    void aFloatWhereAnIntegerIsExpectedIsRefusedNamingTheField() {
        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"count\":2,\"port\":22}")
                .when().post("/v1/probe/numbers")
                .then().statusCode(200).body("count", equalTo(2)).body("port", equalTo(22));
        expectInvalid("{\"count\":1.5,\"port\":22}", "count");
        expectInvalid("{\"count\":2,\"port\":1.5}", "port");
        expectInvalid("{\"count\":2,\"port\":22,\"more\":[1,2.5]}", "more[1]");
        expectInvalid("{\"count\":2.0,\"port\":22}", "count");
    }

    @Test
    void aLimitThatIsNotANumberIsInvalidParameterValueNamingIt() {
        given().auth().oauth2(TOKEN).when().get("/v1/probe/page?limit=7")
                .then().statusCode(200).body("limit", equalTo(7));
        for (String limit : new String[] { "abc", "99999999999", "1.5", "" + Long.MAX_VALUE + "0" }) {
            given().auth().oauth2(TOKEN).queryParam("limit", limit).when().get("/v1/probe/page")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("InvalidParameterValue"))
                    .body("detail", containsString("limit"))
                    .body("requestId", notNullValue());
        }
    }

    @Test
    void malformedJsonSaysWhereItBreaks() throws Exception {
        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"count\":2,\n\"port\": x}")
                .when().post("/v1/probe/numbers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("InvalidParameterValue"))
                .body("detail", containsString("line 2"))
                .body("detail", containsString("column"))
                .body("requestId", notNullValue());
        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"count\":\"many\",\"port\":22}")
                .when().post("/v1/probe/numbers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("InvalidParameterValue"))
                .body("detail", containsString("count"));
        HttpResponse<String> badType = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/v1/probe/numbers")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "json please").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badType.statusCode(), badType.body());
        assertTrue(badType.body().contains("The Content-Type 'json please' is not a media type"), badType.body());
        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"count\":2,\"port\":22}")
                .when().put("/v1/probe/numbers")
                .then().statusCode(405).contentType("application/problem+json")
                .body("detail", equalTo("The method PUT is not allowed on this path."));
        given().auth().oauth2(TOKEN).contentType("text/plain").body("count=2")
                .when().post("/v1/probe/numbers")
                .then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("InvalidParameterValue"))
                .body("detail", containsString("application/json"));
    }

    @Test
    void aBodyMustSayItIsJsonButNoBodyNeedNot() throws Exception {
        // java.net.http sends no Content-Type unless told to (RestAssured always adds one)
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> noBody = http.send(HttpRequest.newBuilder(base.resolve("/v1/probe/optional"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, noBody.statusCode(), noBody.body());
        assertEquals("{\"given\":false}", noBody.body());
        // RestAssured names a form type for a POST without a body: there is still nothing to read
        given().auth().oauth2(TOKEN).when().post("/v1/probe/optional").then().statusCode(200)
                .body("given", equalTo(false));
        HttpResponse<String> untyped = http.send(HttpRequest.newBuilder(base.resolve("/v1/probe/optional"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"count\":2,\"port\":22}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, untyped.statusCode(), untyped.body());
        assertEquals("application/problem+json", untyped.headers().firstValue("Content-Type").orElse(""));
        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"count\":2,\"port\":22}")
                .when().post("/v1/probe/optional").then().statusCode(200).body("given", equalTo(true));
    }

    private static void expectInvalid(String body, String field) {
        given().auth().oauth2(TOKEN).contentType("application/json").body(body)
                .when().post("/v1/probe/numbers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("InvalidParameterValue"))
                .body("detail", containsString(field))
                .body("requestId", notNullValue());
    }
}
