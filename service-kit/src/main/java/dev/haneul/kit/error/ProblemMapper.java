package dev.haneul.kit.error;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.haneul.kit.messaging.RetryPolicy;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become HTTP answers: {@code application/problem+json} with EC2's code and
 * the request id. Bad input is a 4xx with a message that says what is wrong; anything unexpected is a 500
 * {@code InternalError} that carries only the request id (the details go to the log).
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e, ContainerRequestContext request) {
        Response problem = problem(e.status(), e.code(), e.getMessage(), request);
        return e.retryAfterSeconds() == null ? problem
                : Response.fromResponse(problem).header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, ContainerRequestContext request) {
        String detail = e.getConstraintViolations().stream()
                .map(ProblemMapper::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return problem(400, "InvalidParameterValue", detail, request);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, ContainerRequestContext request) {
        return json(e, request);
    }

    @ServerExceptionMapper
    public Response badValue(InvalidFormatException e, ContainerRequestContext request) {
        return json(e, request);
    }

    @ServerExceptionMapper
    public Response badShape(MismatchedInputException e, ContainerRequestContext request) {
        return json(e, request);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, ContainerRequestContext request) {
        return json(e, request);
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e, ContainerRequestContext request) {
        return problem(401, "AuthFailure", "A valid bearer token is required. Get one from POST /v1/auth/token.",
                request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
        return problem(403, "UnauthorizedOperation", "You are not authorized to perform this operation.", request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return json(json, request); // the JSON reader wraps what Jackson could not parse or bind
        }
        if (status == 404 && e.getCause() != null && !(e.getCause() instanceof WebApplicationException)) {
            // JAX-RS answers a query or path parameter it could not convert with a 404 (NumberParams names the
            // integer ones); the path exists, the value is wrong
            return problem(400, "InvalidParameterValue", "A parameter of the request has an invalid value.", request);
        }
        String code = switch (status) {
            case 404 -> "InvalidAction";
            case 405 -> "UnsupportedOperation";
            case 406, 415 -> "InvalidParameterValue";
            case 401 -> "AuthFailure";
            case 403 -> "UnauthorizedOperation";
            default -> status < 500 ? "InvalidParameterValue" : "InternalError";
        };
        String detail = switch (status) {
            case 404 -> "The requested path does not exist.";
            case 415 -> "The request body must be JSON, sent with Content-Type: application/json"
                    + (request.getMediaType() == null ? "" : " (not " + request.getMediaType() + ")") + ".";
            case 406 -> "The answer is JSON: accept application/json (or application/problem+json).";
            case 405 -> "The method " + request.getMethod() + " is not allowed on this path.";
            case 400 -> isDefaultMessage(e) ? malformed(request) : e.getMessage();
            default -> e.getMessage();
        };
        if (status >= 500) {
            LOG.errorf(e, "request %s failed", RequestIds.of(request));
            detail = "An internal error occurred. Quote the request id when you report it.";
        }
        return problem(status, code, detail, request);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        if (RetryPolicy.isTransient(e)) {
            // a dependency (database, Redis, another service) is unreachable or busy: nothing was done, retry
            LOG.warnf("request %s: dependency unavailable: %s", RequestIds.of(request), e.toString());
            return Response.fromResponse(problem(503, "ServiceUnavailable",
                    "A backing service is unavailable right now; nothing was changed. Try again shortly.", request))
                    .header("Retry-After", "5").build();
        }
        LOG.errorf(e, "request %s failed", RequestIds.of(request));
        return problem(500, "InternalError", "An internal error occurred. Quote the request id when you report it.",
                request);
    }

    private static Response problem(int status, String code, String detail, ContainerRequestContext request) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, code, detail, RequestIds.of(request)))
                .build();
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        int dot = path.indexOf('.');
        // "launch.request.instanceType" -> "instanceType": drop the method and parameter names
        String field = path;
        if (dot >= 0) {
            String[] parts = path.split("\\.");
            field = parts.length > 2 ? String.join(".", Arrays.copyOfRange(parts, 2, parts.length))
                    : parts[parts.length - 1];
        }
        return field + " " + v.getMessage();
    }

    /**
     * A body Jackson could not read, whether its reader threw the exception or wrapped it in a 400: an unknown
     * field, a value of the wrong type or format (named by its path), or a syntax error (where, and what).
     */
    private static Response json(JsonProcessingException e, ContainerRequestContext request) {
        if (e instanceof UnrecognizedPropertyException u) {
            return problem(400, "UnknownParameter", "The parameter " + u.getPropertyName() + " is not recognized.",
                    request);
        }
        if (e instanceof InvalidFormatException f) {
            return problem(400, "InvalidParameterValue",
                    "Invalid value " + quoted(f.getValue()) + " for " + path(f) + at(f) + ".", request);
        }
        if (e instanceof MismatchedInputException m) {
            String where = path(m);
            return problem(400, "InvalidParameterValue", (where.isEmpty()
                    ? "The request body does not have the expected shape" : "Invalid value for " + where) + at(m)
                    + ".", request);
        }
        String what = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        return problem(400, "InvalidParameterValue", "The request body is not valid JSON" + at(e)
                + (what.isBlank() ? "." : ": " + what), request);
    }

    /** The field's path in the body, e.g. {@code placement.availabilityZone} or {@code tags[2].key}. */
    private static String path(MismatchedInputException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** JAX-RS's own text ("HTTP 400 Bad Request"), which says nothing the status does not. */
    private static boolean isDefaultMessage(WebApplicationException e) {
        return e.getMessage() == null || e.getMessage().startsWith("HTTP " + e.getResponse().getStatus());
    }

    /** What a bare 400 of JAX-RS was about: the one header it reads itself, else the request as a whole. */
    private static String malformed(ContainerRequestContext request) {
        String type = request.getHeaderString("Content-Type");
        if (type != null && !type.isBlank()) {
            try {
                MediaType.valueOf(type);
            } catch (IllegalArgumentException notAType) {
                return "The Content-Type '" + type + "' is not a media type: send application/json.";
            }
        }
        return "The request is malformed and cannot be read.";
    }

    /** " at line L, column C" of the body, or nothing when the parser did not say. */
    private static String at(JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        return l == null || l.getLineNr() < 1 ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
