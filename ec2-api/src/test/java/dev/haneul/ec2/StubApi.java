package dev.haneul.ec2;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.haneul.ec2.sigv4.SigV4;

/**
 * The REST API as the protocol tests need it, on a port of its own: compute-api's {@code /v1/auth/sigv4} for the
 * test keys (the real derivation, so a wrong signature fails here as it would there), and every other call
 * recorded and answered from {@link #answers} (or 404 problem+json), so a test sees exactly which calls an action
 * made. This tests ec2-api's protocol, not the system: the end-to-end tests drive the real stack.
 */
public class StubApi implements QuarkusTestResourceLifecycleManager {
    public static final String KEY = "AKIAPROTOCOLTEST0001";
    public static final String READ_ONLY_KEY = "AKIAPROTOCOLTEST0002";
    public static final String SECRET = "protocol-test-secret-0000000000000000000";
    public static final String ACCOUNT = "123456789012";

    public static final List<String> calls = new CopyOnWriteArrayList<>();
    public static final AtomicInteger verifications = new AtomicInteger();
    public static final Map<String, String> answers = new java.util.concurrent.ConcurrentHashMap<>();
    /** The status the stub answers every non-auth call with while set (e.g. 401 for a revoked token). */
    public static volatile int forcedStatus;

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String path = req.path();
            if (path.equals("/v1/auth/sigv4")) {
                verifications.incrementAndGet();
                JsonObject a = body.toJsonObject();
                String key = a.getString("accessKeyId");
                byte[] k = signingKey(a.getString("date"), a.getString("region"), a.getString("service"));
                boolean known = key.equals(KEY) || key.equals(READ_ONLY_KEY);
                if (!known || !SigV4.matches(k, a.getString("stringToSign"), a.getString("signature"))) {
                    req.response().setStatusCode(401).putHeader("Content-Type", "application/problem+json")
                            .end(new JsonObject().put("code", "AuthFailure")
                                    .put("detail", "AWS was not able to validate the provided access credentials.")
                                    .encode());
                    return;
                }
                req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("accountId", ACCOUNT).put("accessKeyId", key).put("readOnly", key.equals(READ_ONLY_KEY))
                        .put("token", "token-of-" + key).put("expiresAt", Instant.now().plusSeconds(3600).toString())
                        .put("signingKey", Base64.getEncoder().encodeToString(k)).encode());
                return;
            }
            String call = req.method().name() + " " + req.uri();
            calls.add(call + " " + body.toString(StandardCharsets.UTF_8));
            if (forcedStatus != 0) {
                req.response().setStatusCode(forcedStatus).putHeader("Content-Type", "application/problem+json")
                        .end(new JsonObject().put("code", forcedStatus == 401 ? "AuthFailure" : "InternalError")
                                .put("detail", "forced by the test").encode());
                return;
            }
            String answer = answers.get(call);
            if (answer == null) {
                req.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                        .end(new JsonObject().put("code", "InvalidAction").put("detail", "stub: no " + call).encode());
                return;
            }
            req.response().putHeader("Content-Type", "application/json").end(answer);
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String url = "http://127.0.0.1:" + server.actualPort();
        return Map.of("haneul.ec2.api-url", url, "haneul.ec2.auth-url", url, "haneul.region", "kr-central-1");
    }

    static byte[] signingKey(String date, String region, String service) {
        byte[] k = SigV4.hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), date);
        k = SigV4.hmac(k, region);
        k = SigV4.hmac(k, service);
        return SigV4.hmac(k, "aws4_request");
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
