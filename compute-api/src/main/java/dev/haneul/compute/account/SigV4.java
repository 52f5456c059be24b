package dev.haneul.compute.account;

import dev.haneul.kit.error.ApiException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 as compute-api verifies it for the EC2 API, which builds the canonical request and the
 * string to sign itself: the form of a string to sign and the checks of its scope and time, the signing key
 * (the HMAC-SHA256 chain {@code "AWS4"+secret → date → region → service → "aws4_request"}) and the signature
 * (hex of the HMAC of the string to sign under that key). Pure functions of their arguments, microseconds of CPU.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** The services whose scope this region's credentials may carry. */
    public static final Set<String> SERVICES = Set.of("ec2", "sts");
    /** How far a string to sign's time may be from now, either way (AWS: 15 minutes). */
    public static final Duration SKEW = Duration.ofMinutes(15);
    /** The one answer to an unknown or inactive key and to a wrong signature alike. */
    public static final String NOT_VALIDATED = "AWS was not able to validate the provided access credentials.";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final java.util.regex.Pattern HASH = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    private SigV4() {
    }

    /** What the EC2 API asks compute-api to verify ({@code POST /v1/auth/sigv4}). */
    public record Request(
            @NotBlank @Size(max = 128) String accessKeyId,
            @NotNull @Pattern(regexp = "\\d{8}", message = "must be a date as yyyyMMdd") String date,
            @NotNull @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be a region name, e.g. kr-central-1")
            String region,
            @NotNull @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be a service name, e.g. ec2") String service,
            @NotBlank @Size(max = 1024) String stringToSign,
            @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lowercase hex digits") String signature) {
    }

    /**
     * A verified signature: the key's account, a bearer token as {@code /v1/auth/token} issues for the key, and
     * the signing key of the scope (base64), with which the EC2 API verifies that scope's further requests itself.
     */
    public record Verified(String accountId, String accessKeyId, boolean readOnly, String token, Instant expiresAt,
            String signingKey) {
    }

    /**
     * Checks the string to sign of {@code r} against the request's fields, this {@code region}, the services and
     * the time {@code now}: 400 {@code InvalidParameterValue} if it or the date is malformed, 401 {@code AuthFailure}
     * if it does not fit.
     */
    static void check(Request r, String region, Instant now) {
        try {
            LocalDate.parse(r.date(), DATE);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidParameter("date " + r.date() + " is not a valid date (yyyyMMdd).");
        }
        String[] lines = r.stringToSign().split("\n", -1);
        String[] scope = lines.length == 4 ? lines[2].split("/", -1) : new String[0];
        Instant time = lines.length == 4 ? stamp(lines[1]) : null;
        if (lines.length != 4 || !lines[0].equals(ALGORITHM) || time == null || scope.length != 4
                || !scope[3].equals("aws4_request") || !HASH.matcher(lines[3]).matches()) {
            throw ApiException.invalidParameter("stringToSign must be " + ALGORITHM + "\\n<yyyyMMdd'T'HHmmss'Z'>"
                    + "\\n<date>/<region>/<service>/aws4_request\\n<hex SHA-256 of the canonical request>.");
        }
        String expected = r.date() + "/" + r.region() + "/" + r.service() + "/aws4_request";
        if (!lines[2].equals(expected)) {
            throw refused("The credential scope of the string to sign, " + lines[2] + ", is not " + expected + ".");
        }
        if (!lines[1].startsWith(r.date())) {
            throw refused("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + r.date() + "' != '" + lines[1].substring(0, 8) + "', from '" + lines[1] + "'.");
        }
        if (!r.region().equals(region)) {
            throw refused("Credential should be scoped to a valid region, not '" + r.region() + "'. Use '" + region
                    + "'.");
        }
        if (!SERVICES.contains(r.service())) {
            throw refused("Credential should be scoped to correct service: 'ec2' or 'sts', not '" + r.service()
                    + "'.");
        }
        if (time.isBefore(now.minus(SKEW))) {
            throw refused("Signature expired: " + lines[1] + " is now earlier than " + STAMP.format(now.minus(SKEW))
                    + " (" + STAMP.format(now) + " - 15 min.)");
        }
        if (time.isAfter(now.plus(SKEW))) {
            throw refused("Signature not yet current: " + lines[1] + " is still later than "
                    + STAMP.format(now.plus(SKEW)) + " (" + STAMP.format(now) + " + 15 min.)");
        }
    }

    /** The signing key of {@code secret} for the scope {@code date/region/service/aws4_request}. */
    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    /** The signature of {@code stringToSign} under {@code signingKey}, lowercase hex. */
    static String signature(byte[] signingKey, String stringToSign) {
        return HexFormat.of().formatHex(hmac(signingKey, stringToSign));
    }

    /** Whether {@code signature} (lowercase hex) is that of {@code stringToSign}, compared in constant time. */
    static boolean matches(byte[] signingKey, String stringToSign, String signature) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(signingKey, stringToSign), given);
    }

    private static Instant stamp(String s) {
        try {
            return Instant.from(STAMP.parse(s));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static ApiException refused(String message) {
        return new ApiException(401, "AuthFailure", message);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
