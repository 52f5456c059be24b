package dev.haneul.ec2.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.rest.RestApi;
import dev.haneul.ec2.sigv4.Authenticator.Principal;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;

/** One action being answered: its parameters, who asked, and the REST API called on their behalf. */
public record Call(String action, Params params, Principal principal, String requestId, RestApi api) {
    public Uni<JsonNode> get(String path, Map<String, List<String>> query) {
        return api.call(HttpMethod.GET, path, query, null, principal.token(), requestId);
    }

    public Uni<JsonNode> get(String path) {
        return get(path, null);
    }

    public Uni<JsonNode> post(String path, Object body) {
        return api.call(HttpMethod.POST, path, null, body == null ? Map.of() : body, principal.token(), requestId);
    }

    public Uni<JsonNode> put(String path, Object body) {
        return api.call(HttpMethod.PUT, path, null, body == null ? Map.of() : body, principal.token(), requestId);
    }

    public Uni<JsonNode> patch(String path, Object body) {
        return api.call(HttpMethod.PATCH, path, null, body, principal.token(), requestId);
    }

    public Uni<JsonNode> delete(String path, Map<String, List<String>> query) {
        return api.call(HttpMethod.DELETE, path, query, null, principal.token(), requestId);
    }

    public Uni<JsonNode> delete(String path) {
        return delete(path, null);
    }
}
