package dev.haneul.kit.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem details with EC2's error {@code code} and the request id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String requestId) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String detail, String requestId) {
        return new Problem("urn:haneul:error:" + code, code, status, detail, code, requestId);
    }
}
