package dev.haneul.ec2.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Haneul's REST API as the EC2 endpoint calls it: JSON over HTTP through the gateway, with the caller's bearer token
 * and the request id. A refusal comes back as the service's problem+json, whose {@code code} is already EC2's; it
 * becomes an {@link Ec2Exception} with EC2's HTTP status ({@link #status}). A service that cannot be reached is
 * {@code Unavailable} (503), never a 500.
 */
@ApplicationScoped
public class RestApi {
    private final WebClient client;
    private final ObjectMapper json;
    private final Target api;
    private final Target auth;
    private final long timeoutMs;

    /** Where calls go: the gateway for the REST API; compute-api itself for signature checks. */
    private record Target(String host, int port, boolean ssl) {
        static Target of(String url) {
            URI u = URI.create(url);
            boolean ssl = "https".equals(u.getScheme());
            return new Target(u.getHost(), u.getPort() > 0 ? u.getPort() : ssl ? 443 : 80, ssl);
        }
    }

    public RestApi(Vertx vertx, ObjectMapper json, @ConfigProperty(name = "haneul.ec2.api-url") String apiUrl,
            @ConfigProperty(name = "haneul.ec2.auth-url") String authUrl,
            @ConfigProperty(name = "haneul.ec2.api-timeout", defaultValue = "30s") Duration timeout) {
        this.api = Target.of(apiUrl);
        this.auth = Target.of(authUrl);
        this.timeoutMs = timeout.toMillis();
        this.json = json;
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(64)
                .setConnectTimeout(2000).setDecompressionSupported(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** One call; {@code query} values are sent as repeated parameters; {@code body} is written as JSON. */
    public Uni<JsonNode> call(HttpMethod method, String path, Map<String, List<String>> query, Object body,
            String token, String requestId) {
        return call(api, method, path, query, body, token, requestId);
    }

    /**
     * compute-api's signature check ({@code POST /v1/auth/sigv4}), called on compute-api directly: the gateway
     * does not route it, since its answer (a token and the day's signing key) is more than one signed request
     * should give whoever holds it.
     */
    public Uni<JsonNode> verifySignature(Map<String, Object> body, String requestId) {
        return call(auth, HttpMethod.POST, "/v1/auth/sigv4", null, body, null, requestId);
    }

    private Uni<JsonNode> call(Target t, HttpMethod method, String path, Map<String, List<String>> query, Object body,
            String token, String requestId) {
        HttpRequest<Buffer> r = client.request(method, t.port(), t.host(), path).ssl(t.ssl()).timeout(timeoutMs)
                .putHeader("Accept", "application/json");
        if (token != null) {
            r.putHeader("Authorization", "Bearer " + token);
        }
        if (requestId != null) {
            r.putHeader("X-Request-Id", requestId);
        }
        if (query != null) {
            query.forEach((k, values) -> values.forEach(v -> r.addQueryParam(k, v)));
        }
        Uni<HttpResponse<Buffer>> sent;
        if (body == null) {
            sent = r.send();
        } else {
            byte[] bytes;
            try {
                bytes = json.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            sent = r.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(bytes));
        }
        return sent.onFailure().transform(e -> new Ec2Exception(503, "Unavailable",
                        "The service is unavailable. Try again later."))
                .map(this::answer);
    }

    private JsonNode answer(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        JsonNode node = parse(response.body());
        if (status < 300) {
            return node;
        }
        String code = node.path("code").asText(null);
        String message = node.path("detail").asText(node.path("title").asText(null));
        if (code == null) {
            throw status >= 500 || status == 429
                    ? new Ec2Exception(503, "Unavailable", "The service is unavailable. Try again later.")
                    : new Ec2Exception(400, "InvalidRequest", "The request was refused (HTTP " + status + ").");
        }
        throw new Ec2Exception(status(status, code), code, message == null ? code : message);
    }

    private JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(body.getBytes());
        } catch (IOException e) {
            return NullNode.getInstance();
        }
    }

    /**
     * EC2's status for a code the REST API answered with its own: EC2 answers every client error 400 (a missing
     * resource too) but authentication (401), authorisation (403) and throttling ({@code RequestLimitExceeded},
     * 503, which the SDKs retry); server errors stay 5xx.
     */
    public static int status(int restStatus, String code) {
        if ("RequestLimitExceeded".equals(code) || restStatus == 429) {
            return 503;
        }
        if (restStatus == 401 || restStatus == 403 || restStatus >= 500) {
            return restStatus;
        }
        return 400;
    }
}
