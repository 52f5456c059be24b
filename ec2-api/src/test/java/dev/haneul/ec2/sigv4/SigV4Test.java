package dev.haneul.ec2.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.ec2.protocol.Ec2Exception;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Our canonicalisation against the AWS SDK's own signer: whatever the SDK signs, {@link SigV4} must rebuild the
 * same string to sign (so the signature matches under the same signing key), and any change to what was signed
 * must break the match.
 */
class SigV4Test {
    private static final String KEY_ID = "AKIAHANEULTEST000001";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant NOW = Instant.parse("2026-12-07T10:15:30Z");

    /** The signing key of a scope (compute-api's derivation, repeated here to check the SDK's signature). */
    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] k = SigV4.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = SigV4.hmac(k, region);
        k = SigV4.hmac(k, service);
        return SigV4.hmac(k, "aws4_request");
    }

    private record Sent(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
            byte[] body) {
        List<String> header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static Sent sign(SdkHttpMethod method, String uri, String body, boolean presign,
            Map<String, String> extra) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(method).uri(URI.create(uri));
        if (body != null) {
            b.putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        }
        extra.forEach(b::putHeader);
        SdkHttpRequest request = b.build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(AwsCredentialsIdentity.create(KEY_ID, SECRET)).request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ec2")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "kr-central-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC));
            if (body != null) {
                r.payload(ContentStreamProvider.fromUtf8String(body));
            }
            if (presign) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5));
            }
        });
        SdkHttpRequest s = signed.request();
        Map<String, List<String>> headers = new TreeMap<>();
        s.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        String host = s.port() == 80 ? s.host() : s.host() + ":" + s.port();
        headers.putIfAbsent("host", List.of(host));
        URI u = s.getUri();
        Map<String, List<String>> query = u.getRawQuery() == null ? Map.of()
                : new QueryStringDecoder(u.getRawQuery(), StandardCharsets.UTF_8, false, 10_000, true).parameters();
        return new Sent(s.method().name(), u.getRawPath().isEmpty() ? "/" : u.getRawPath(), query, headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean verifies(Sent r) {
        SigV4.Signature s = SigV4.parse(first(r.header("authorization")), first(r.header("x-amz-date")), r.query());
        String sts = SigV4.stringToSign(s, r.method(), r.path(), r.query(), r::header, r.body());
        return SigV4.matches(signingKey(SECRET, s.date(), s.region(), s.service()), sts, s.signature());
    }

    private static String first(List<String> v) {
        return v == null ? null : v.get(0);
    }

    @Test
    void aPostWithAFormBodyAsTheSdksSendIt() {
        Sent r = sign(SdkHttpMethod.POST, "http://127.0.0.1:8080/", "Action=DescribeInstances&Version=2016-11-15"
                + "&Filter.1.Name=tag%3AName&Filter.1.Value.1=web%20server%20%E2%9C%93", false, Map.of());
        SigV4.Signature s = SigV4.parse(first(r.header("authorization")), first(r.header("x-amz-date")), r.query());
        assertEquals(KEY_ID, s.accessKeyId());
        assertEquals("20261207/kr-central-1/ec2/aws4_request", s.scope());
        assertTrue(s.signedHeaders().contains("host"), s.signedHeaders().toString());
        assertTrue(verifies(r));
    }

    @Test
    void aGetWithAQueryThatNeedsSortingAndEncoding() {
        Sent r = sign(SdkHttpMethod.GET, "http://localhost:18080/?Version=2016-11-15&Action=DescribeRegions"
                + "&RegionName.1=kr-central-1&Filter.1.Name=a-b&Filter.1.Value.1=%2A%20%2B%7E&Zeta=1&a=2", null, false,
                Map.of("X-Extra", "  two   spaces  ", "amz-sdk-request", "attempt=1; max=3"));
        assertTrue(verifies(r));
    }

    @Test
    void aPresignedUrl() {
        Sent r = sign(SdkHttpMethod.GET, "http://127.0.0.1:8080/?Action=DescribeRegions&Version=2016-11-15", null,
                true, Map.of());
        SigV4.Signature s = SigV4.parse(null, null, r.query());
        assertTrue(s.presigned());
        assertEquals(300L, s.expiresSeconds());
        assertTrue(verifies(r));
    }

    @Test
    void anyChangeToWhatWasSignedBreaksTheMatch() {
        Sent r = sign(SdkHttpMethod.POST, "http://127.0.0.1:8080/", "Action=TerminateInstances&Version=2016-11-15"
                + "&InstanceId.1=i-0123456789abcdef0", false, Map.of());
        assertTrue(verifies(r));
        Sent otherBody = new Sent(r.method(), r.path(), r.query(), r.headers(),
                "Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-0123456789abcdef1"
                        .getBytes(StandardCharsets.UTF_8));
        assertFalse(verifies(otherBody));
        Map<String, List<String>> headers = new TreeMap<>(r.headers());
        headers.put("host", List.of("evil.example:8080"));
        assertFalse(verifies(new Sent(r.method(), r.path(), r.query(), headers, r.body())));
        assertFalse(verifies(new Sent("PUT", r.path(), r.query(), r.headers(), r.body())));
        assertFalse(verifies(new Sent(r.method(), r.path(), Map.of("x", List.of("1")), r.headers(), r.body())));
    }

    @Test
    void malformedSignaturesAreNamed() {
        Ec2Exception none = assertThrows(Ec2Exception.class, () -> SigV4.parse(null, null, Map.of()));
        assertEquals("MissingAuthenticationToken", none.code());
        assertEquals(401, none.status());
        Ec2Exception v2 = assertThrows(Ec2Exception.class, () -> SigV4.parse("AWS AKID:abc", null, Map.of()));
        assertEquals("IncompleteSignature", v2.code());
        Ec2Exception noDate = assertThrows(Ec2Exception.class, () -> SigV4.parse("AWS4-HMAC-SHA256 Credential="
                + KEY_ID + "/20261207/kr-central-1/ec2/aws4_request, SignedHeaders=host, Signature="
                + "a".repeat(64), null, Map.of()));
        assertEquals("IncompleteSignature", noDate.code());
        Ec2Exception badScope = assertThrows(Ec2Exception.class, () -> SigV4.parse("AWS4-HMAC-SHA256 Credential="
                + KEY_ID + "/20261207/ec2/aws4_request, SignedHeaders=host, Signature=" + "a".repeat(64),
                "20261207T101530Z", Map.of()));
        assertEquals("IncompleteSignature", badScope.code());
        Ec2Exception otherDay = assertThrows(Ec2Exception.class, () -> SigV4.parse("AWS4-HMAC-SHA256 Credential="
                + KEY_ID + "/20261206/kr-central-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                + "a".repeat(64), "20261207T101530Z", Map.of()));
        assertEquals("IncompleteSignature", otherDay.code());
        Ec2Exception noHost = assertThrows(Ec2Exception.class, () -> SigV4.parse("AWS4-HMAC-SHA256 Credential="
                + KEY_ID + "/20261207/kr-central-1/ec2/aws4_request, SignedHeaders=x-amz-date, Signature="
                + "a".repeat(64), "20261207T101530Z", Map.of()));
        assertEquals("IncompleteSignature", noHost.code());
    }

    /** AWS's published example of the derivation and the final HMAC (IAM, us-east-1, 2015-08-30). */
    @Test
    void awsPublishedExample() {
        byte[] key = signingKey(SECRET, "20150830", "us-east-1", "iam");
        assertEquals("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
                java.util.HexFormat.of().formatHex(key));
        String sts = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
                + "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59";
        assertTrue(SigV4.matches(key, sts, "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"));
        assertFalse(SigV4.matches(key, sts, "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d8"));
    }
}
