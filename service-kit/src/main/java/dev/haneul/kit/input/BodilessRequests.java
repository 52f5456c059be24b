package dev.haneul.kit.input;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request without a body (what {@code curl -X POST} sends to an operation whose parameters are all optional, such
 * as {@code POST /v1/elastic-ips}: no {@code Content-Type}; some clients send one anyway, such as RestAssured's
 * form type) is read as an empty JSON request whatever type it names: the operation's body parameter is null. A
 * request that has a body must say it is JSON; otherwise, or without a {@code Content-Type}, it is a 415, never
 * guessed.
 */
public class BodilessRequests {
    @ServerRequestFilter(preMatching = true)
    public void asEmptyJson(ContainerRequestContext request) {
        if (!hasBody(request)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }

    /** HTTP/1.1: a request has a body when it announces one (a length above 0, or a chunked transfer). */
    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return request.getHeaderString("Transfer-Encoding") != null
                || (length != null && !length.trim().equals("0"));
    }
}
