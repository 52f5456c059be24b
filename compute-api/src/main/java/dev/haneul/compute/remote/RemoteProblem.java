package dev.haneul.compute.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.events.EventCodec;
import dev.haneul.kit.error.ApiException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;

/**
 * An error answer of another Haneul service, as its REST client reports it: the HTTP status and, when the
 * body is problem+json, its EC2 code and detail. {@link #toApi} turns any failure of a call into what the
 * caller sees: the other service's 4xx problem unchanged, anything else (down, timing out, a 5xx) 503.
 */
public class RemoteProblem extends RuntimeException {
    private final int status;
    private final String code;

    public RemoteProblem(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Reads an error response (used by the clients' {@code @ClientExceptionMapper}). */
    public static RemoteProblem of(Response response) {
        String code = null;
        String detail = null;
        try {
            String body = response.hasEntity() ? response.readEntity(String.class) : null;
            if (body != null && !body.isBlank()) {
                JsonNode node = EventCodec.mapper().readTree(body);
                code = node.hasNonNull("code") ? node.get("code").asText() : null;
                detail = node.hasNonNull("detail") ? node.get("detail").asText() : null;
            }
        } catch (Exception e) {
            // not problem+json (a proxy's error page): only the status is known
        }
        return new RemoteProblem(response.getStatus(), code, detail);
    }

    /**
     * True when a call that failed with {@code e} certainly did nothing on the other side: it answered a 4xx, or the
     * connection could not even be opened. A timeout, a reset connection or a 5xx leave the outcome unknown: the
     * other service may have done the work.
     */
    public static boolean certainlyNotDone(Throwable e) {
        if (e instanceof RemoteProblem p) {
            return p.status >= 400 && p.status < 500;
        }
        if (e instanceof ApiException api) {
            return api.status() >= 400 && api.status() < 500;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** What the user sees when a call to {@code service} failed with {@code e}. */
    public static ApiException toApi(Throwable e, String service) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof RemoteProblem p && p.status >= 400 && p.status < 500 && p.code != null) {
            return new ApiException(p.status, p.code, p.getMessage() == null ? p.code : p.getMessage());
        }
        return new ApiException(503, "ServiceUnavailable", "The " + service
                + " service is unavailable right now; nothing was changed. Try again shortly.");
    }
}
