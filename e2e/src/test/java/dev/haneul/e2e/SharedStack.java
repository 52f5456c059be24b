package dev.haneul.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One stack for every end-to-end test class of the run: started by the first class that needs it, stopped by
 * JUnit when the whole run ends (the root store closes it), so the classes do not pay two boots.
 */
final class SharedStack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
    private static Stack stack;
    private static String adminToken;

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        if (stack == null) {
            stack = new Stack();
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedStack.class.getName(), this);
            stack.up("--no-build", "--fresh");
            String[] creds = stack.credentials();
            RestAssured.baseURI = stack.gateway();
            adminToken = token(creds[0], creds[1]);
        }
        RestAssured.baseURI = stack.gateway();
    }

    @Override
    public void close() {
        stack.close();
    }

    static Stack stack() {
        return stack;
    }

    /** The first admin's token (the account `./haneul up` created). */
    static String adminToken() {
        return adminToken;
    }

    static String token(String accessKeyId, String secret) {
        return given().contentType("application/json")
                .body(Map.of("accessKeyId", accessKeyId, "secretAccessKey", secret))
                .when().post("/v1/auth/token").then().statusCode(200).extract().path("token");
    }
}
