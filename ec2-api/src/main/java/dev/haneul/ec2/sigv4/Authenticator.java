package dev.haneul.ec2.sigv4;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.rest.RestApi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who signed a request. The signature is checked against the scope's signing key; the first request of a key's
 * scope (its day, region and service) is checked by compute-api, which holds the secrets, and answers with that
 * scope's signing key and a bearer token for the key (exactly what {@code /v1/auth/token} issues). Both are kept
 * for the scope until shortly before the token expires, so later requests of the scope are checked here without
 * a call. Invariant: no request passes that a signature over its method, path, query, signed headers and body
 * did not sign, within {@code clock-skew} of now (a presigned one: before it expires), for this region.
 */
@ApplicationScoped
public class Authenticator {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> SERVICES = Set.of("ec2", "sts");

    /** The signer: its account, key and the token the REST API is called with. */
    public record Principal(String accountId, String accessKeyId, boolean readOnly, String token, Instant expiresAt) {
    }

    private record Scoped(Principal principal, byte[] signingKey) {
    }

    private final RestApi api;
    private final Clock clock;
    private final String region;
    private final Duration skew;
    private final Cache<String, Scoped> scopes = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    public Authenticator(RestApi api, Clock clock, @ConfigProperty(name = "haneul.region") String region,
            @ConfigProperty(name = "haneul.ec2.clock-skew", defaultValue = "15m") Duration skew) {
        this.api = api;
        this.clock = clock;
        this.region = region;
        this.skew = skew;
    }

    /** The request as it came: what SigV4 signs. */
    public record Signed(String method, String rawPath, Map<String, List<String>> query,
            java.util.function.Function<String, List<String>> headers, byte[] body) {
    }

    public Uni<Principal> authenticate(Signed r, String requestId) {
        SigV4.Signature s = SigV4.parse(first(r.headers().apply("authorization")),
                first(r.headers().apply("x-amz-date")), r.query());
        checkTime(s);
        if (!region.equals(s.region())) {
            throw Ec2Exception.authFailure("Credential should be scoped to a valid region, not '" + s.region()
                    + "'. Use '" + region + "'.");
        }
        if (!SERVICES.contains(s.service())) {
            throw Ec2Exception.authFailure("Credential should be scoped to the service 'ec2' or 'sts', not '"
                    + s.service() + "'.");
        }
        String stringToSign = SigV4.stringToSign(s, r.method(), r.rawPath(), r.query(), r.headers(), r.body());
        String key = s.accessKeyId() + "/" + s.scope();
        Scoped known = scopes.getIfPresent(key);
        if (known != null && known.principal().expiresAt().isAfter(clock.instant().plusSeconds(60))) {
            if (!SigV4.matches(known.signingKey(), stringToSign, s.signature())) {
                throw refused();
            }
            return Uni.createFrom().item(known.principal());
        }
        Map<String, Object> ask = new LinkedHashMap<>();
        ask.put("accessKeyId", s.accessKeyId());
        ask.put("date", s.date());
        ask.put("region", s.region());
        ask.put("service", s.service());
        ask.put("stringToSign", stringToSign);
        ask.put("signature", s.signature());
        return api.verifySignature(ask, requestId)
                .onFailure(Ec2Exception.class).transform(e -> ((Ec2Exception) e).status() == 401 ? refused(e) : e)
                .map(answer -> remember(key, answer));
    }

    /** Forgets a key's scopes (its token was refused downstream: revoked, or the key deactivated). */
    public void forget(String accessKeyId) {
        scopes.asMap().keySet().removeIf(k -> k.startsWith(accessKeyId + "/"));
    }

    private Principal remember(String key, JsonNode a) {
        Principal p = new Principal(a.path("accountId").asText(), a.path("accessKeyId").asText(),
                a.path("readOnly").asBoolean(false), a.path("token").asText(),
                Instant.parse(a.path("expiresAt").asText()));
        scopes.put(key, new Scoped(p, Base64.getDecoder().decode(a.path("signingKey").asText())));
        return p;
    }

    private void checkTime(SigV4.Signature s) {
        Instant signed = AMZ_DATE.parse(s.amzDate(), Instant::from);
        Instant now = clock.instant();
        if (s.presigned()) {
            if (now.isAfter(signed.plusSeconds(s.expiresSeconds()))) {
                throw new Ec2Exception(400, "RequestExpired", "Request has expired: it was signed at "
                        + s.amzDate() + " to be valid for " + s.expiresSeconds() + " seconds.");
            }
            if (signed.isAfter(now.plus(skew))) {
                throw new Ec2Exception(400, "RequestExpired", "Request is not yet valid: signed at " + s.amzDate()
                        + ".");
            }
            return;
        }
        if (Duration.between(signed, now).abs().compareTo(skew) > 0) {
            throw new Ec2Exception(400, "RequestExpired", "Request has expired: X-Amz-Date " + s.amzDate()
                    + " is more than " + skew.toMinutes() + " minutes from the server's time "
                    + AMZ_DATE.format(now) + ".");
        }
    }

    private static Ec2Exception refused() {
        return Ec2Exception.authFailure("AWS was not able to validate the provided access credentials.");
    }

    private static Ec2Exception refused(Throwable e) {
        return Ec2Exception.authFailure(e.getMessage());
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
