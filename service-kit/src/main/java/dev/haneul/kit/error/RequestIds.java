package dev.haneul.kit.error;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every request an id (the gateway's {@code X-Request-Id} when it sent one) and returns it in the
 * {@code X-Request-Id} response header and in every problem body.
 */
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final String PROPERTY = "haneul.requestId";

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        of(request);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(HEADER, of(request));
    }

    /** The id of this request, assigned on first use. */
    public static String of(ContainerRequestContext request) {
        Object id = request.getProperty(PROPERTY);
        if (id == null) {
            String given = request.getHeaderString(HEADER);
            id = given != null && given.matches("[A-Za-z0-9-]{8,64}") ? given : UUID.randomUUID().toString();
            request.setProperty(PROPERTY, id);
        }
        return id.toString();
    }
}
