package dev.haneul.ec2.sigv4;

import dev.haneul.ec2.protocol.Ec2Exception;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 as the AWS SDKs compute it for a non-S3 service: the canonical request, the string to
 * sign and the HMAC chain. The pure half of verification (no secrets here; compute-api holds them): the caller
 * parses a request's signature with {@link #parse} and builds what was signed with {@link #stringToSign}.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern DATE = Pattern.compile("\\d{8}");
    private static final Pattern AMZ_DATE = Pattern.compile("\\d{8}T\\d{6}Z");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /** A request's signature: who signed, for which day, region and service, over which headers. */
    public record Signature(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
            String signature, String amzDate, Long expiresSeconds) {
        public String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }

        public boolean presigned() {
            return expiresSeconds != null;
        }
    }

    /**
     * The signature of a request from its {@code Authorization} header or, when it has none, from its query's
     * {@code X-Amz-*} parameters (a presigned URL). {@code MissingAuthenticationToken} when neither is there,
     * {@code IncompleteSignature} when what is there is not a well-formed SigV4 signature.
     */
    public static Signature parse(String authorization, String amzDateHeader, Map<String, List<String>> query) {
        if (authorization != null && !authorization.isBlank()) {
            return fromHeader(authorization.trim(), amzDateHeader);
        }
        if (query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Signature")) {
            return fromQuery(query);
        }
        throw new Ec2Exception(401, "MissingAuthenticationToken",
                "The request must contain a valid AWS Signature Version 4 (an Authorization header or X-Amz-* query "
                        + "parameters) made with a Haneul access key.");
    }

    private static Signature fromHeader(String header, String amzDate) {
        if (!header.startsWith(ALGORITHM + " ")) {
            throw incomplete("Unsupported authorization scheme: only " + ALGORITHM + " is accepted.");
        }
        String credential = null;
        String signed = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length()).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw incomplete("Authorization header requires Credential, SignedHeaders and Signature.");
            }
            String value = p.substring(eq + 1).trim();
            switch (p.substring(0, eq).trim()) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signed = value;
                case "Signature" -> signature = value;
                default -> throw incomplete("Unknown element in the Authorization header: " + p.substring(0, eq));
            }
        }
        if (credential == null || signed == null || signature == null) {
            throw incomplete("Authorization header requires Credential, SignedHeaders and Signature.");
        }
        if (amzDate == null) {
            throw incomplete("The request must carry the X-Amz-Date header.");
        }
        return build(credential, signed, signature, amzDate, null);
    }

    private static Signature fromQuery(Map<String, List<String>> query) {
        if (!ALGORITHM.equals(first(query, "X-Amz-Algorithm"))) {
            throw incomplete("X-Amz-Algorithm must be " + ALGORITHM + ".");
        }
        String expires = first(query, "X-Amz-Expires");
        long seconds;
        try {
            seconds = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            throw incomplete("X-Amz-Expires must be a number of seconds.");
        }
        if (seconds < 1 || seconds > 604_800) {
            throw incomplete("X-Amz-Expires must be between 1 and 604800 seconds.");
        }
        return build(first(query, "X-Amz-Credential"), first(query, "X-Amz-SignedHeaders"),
                first(query, "X-Amz-Signature"), first(query, "X-Amz-Date"), seconds);
    }

    private static Signature build(String credential, String signed, String signature, String amzDate, Long expires) {
        if (credential == null || signed == null || signature == null || amzDate == null) {
            throw incomplete("A presigned request needs X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders and "
                    + "X-Amz-Signature.");
        }
        String[] c = credential.split("/", -1);
        if (c.length != 5 || c[0].isEmpty() || !DATE.matcher(c[1]).matches() || c[2].isEmpty() || c[3].isEmpty()
                || !"aws4_request".equals(c[4])) {
            throw incomplete("Credential must have the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request"
                    + ", not '" + credential + "'.");
        }
        if (!AMZ_DATE.matcher(amzDate).matches()) {
            throw incomplete("X-Amz-Date must have the form yyyyMMdd'T'HHmmss'Z', not '" + amzDate + "'.");
        }
        if (!amzDate.startsWith(c[1])) {
            throw incomplete("The Credential's date " + c[1] + " is not the day of X-Amz-Date " + amzDate + ".");
        }
        if (!HEX64.matcher(signature).matches()) {
            throw incomplete("Signature must be 64 lowercase hexadecimal digits.");
        }
        List<String> headers = List.of(signed.split(";"));
        if (!headers.contains("host")) {
            throw incomplete("SignedHeaders must include host.");
        }
        return new Signature(c[0], c[1], c[2], c[3], headers, signature, amzDate, expires);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static Ec2Exception incomplete(String message) {
        return new Ec2Exception(400, "IncompleteSignature", message);
    }

    /**
     * What the client signed: {@code ALGORITHM \n amzDate \n scope \n hex(sha256(canonical request))}, with the
     * canonical request built from the method, the path as received, the query (less {@code X-Amz-Signature}),
     * the signed headers' values and the hash of the body.
     */
    public static String stringToSign(Signature s, String method, String rawPath, Map<String, List<String>> query,
            Function<String, List<String>> headers, byte[] body) {
        String canonical = canonicalRequest(method, rawPath, query, headers, s.signedHeaders(), sha256Hex(body));
        return ALGORITHM + "\n" + s.amzDate() + "\n" + s.scope() + "\n"
                + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    }

    static String canonicalRequest(String method, String rawPath, Map<String, List<String>> query,
            Function<String, List<String>> headers, List<String> signedHeaders, String payloadHash) {
        StringBuilder b = new StringBuilder(256).append(method).append('\n').append(canonicalPath(rawPath))
                .append('\n');
        List<String[]> pairs = new ArrayList<>();
        query.forEach((k, values) -> {
            if (!k.equals("X-Amz-Signature")) {
                values.forEach(v -> pairs.add(new String[] { encode(k), encode(v) }));
            }
        });
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));  // name, then value
        StringJoiner q = new StringJoiner("&");
        pairs.forEach(p -> q.add(p[0] + "=" + p[1]));
        b.append(q).append('\n');
        for (String h : signedHeaders) {
            List<String> values = headers.apply(h);
            List<String> clean = new ArrayList<>();
            for (String v : values == null ? List.<String>of() : values) {
                clean.add(v.trim().replaceAll(" +", " "));
            }
            b.append(h).append(':').append(String.join(",", clean)).append('\n');
        }
        return b.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash).toString();
    }

    /** The path's segments URI-encoded again, as the SDKs do for every service but S3. */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return "/";
        }
        StringBuilder b = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(encode(segments[i]));
        }
        return b.toString();
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, over UTF-8. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} (hex) is the HMAC of the string to sign under a scope's signing key. */
    public static boolean matches(byte[] signingKey, String stringToSign, String signature) {
        byte[] expected = HEX.formatHex(hmac(signingKey, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
