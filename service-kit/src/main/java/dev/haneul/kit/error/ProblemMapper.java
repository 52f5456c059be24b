package dev.haneul.kit.error;

import com.fasterxml.jackson.core.JsonProcessingException;
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
        return problem(400, "UnknownParameter", "The parameter " + e.getPropertyName() + " is not recognized.",
                request);
    }

    @ServerExceptionMapper
    public Response badValue(InvalidFormatException e, ContainerRequestContext request) {
        return problem(400, "InvalidParameterValue",
                "Invalid value " + e.getValue() + " for " + path(e) + ".", request);
    }

    @ServerExceptionMapper
    public Response badShape(MismatchedInputException e, ContainerRequestContext request) {
        String where = path(e);
        return problem(400, "InvalidParameterValue",
                where.isEmpty() ? "The request body does not have the expected shape." : "Invalid value for " + where + ".",
                request);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, ContainerRequestContext request) {
        return problem(400, "InvalidParameterValue", "The request body is not valid JSON.", request);
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
        String code = switch (status) {
            case 404 -> "InvalidAction";
            case 405 -> "UnsupportedOperation";
            case 406, 415 -> "InvalidParameterValue";
            case 401 -> "AuthFailure";
            case 403 -> "UnauthorizedOperation";
            default -> status < 500 ? "InvalidParameterValue" : "InternalError";
        };
        String detail = status == 404 ? "The requested path does not exist." : e.getMessage();
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

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
