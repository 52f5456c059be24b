package dev.haneul.kit.error;

/**
 * A request the service refuses, with EC2's error code. Rendered as {@code application/problem+json} by
 * {@link ProblemMapper}; the message is shown to the caller, so it must not leak internals.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** With a {@code Retry-After} header (seconds), e.g. for 429 {@code RequestLimitExceeded}. */
    public ApiException(int status, String code, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds after which a retry can succeed, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** 400, e.g. {@code InvalidParameterValue}. */
    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    /** 404 for an id that does not exist or belongs to another account. */
    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    /** 409, e.g. {@code IncorrectInstanceState}, {@code DependencyViolation}. */
    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    public static ApiException invalidParameter(String message) {
        return badRequest("InvalidParameterValue", message);
    }
}
