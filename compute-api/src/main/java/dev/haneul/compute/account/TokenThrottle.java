package dev.haneul.compute.account;

import dev.haneul.compute.config.ComputeConfig;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.ratelimit.RateLimiter;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Throttles the token endpoint, which is anonymous (no account's bucket applies) and costs a slow hash: one
 * bucket per source address and one per access key id named, in Redis like every rate limit ({@link RateLimiter};
 * {@code haneul.tokens.per-source-*}, {@code per-key-*}). An empty bucket answers 429 {@code RequestLimitExceeded}
 * with {@code Retry-After}, before any hash is computed. A guess at one key's secret is thus limited whatever
 * the source, and one source whatever the keys. The source is the peer's address, or the {@code X-Real-IP} the
 * gateway sets when the peer is one of {@code haneul.tokens.trusted-proxies}.
 */
@ApplicationScoped
public class TokenThrottle {
    private final RateLimiter limiter;
    private final ComputeConfig.Tokens config;
    private final List<IPAddress> trusted;

    public TokenThrottle(RateLimiter limiter, ComputeConfig config) {
        this.limiter = limiter;
        this.config = config.tokens();
        this.trusted = this.config.trustedProxies().stream().map(c -> new IPAddressString(c.strip()).getAddress())
                .peek(a -> {
                    if (a == null) {
                        throw new IllegalArgumentException("haneul.tokens.trusted-proxies: not a CIDR");
                    }
                }).toList();
    }

    /** The client's address: {@code realIp} when the peer is a trusted proxy and it is an address, else the peer. */
    public String source(String peer, String realIp) {
        IPAddress p = peer == null ? null : new IPAddressString(peer).getAddress();
        if (p != null && realIp != null && trusted.stream().anyMatch(t -> t.contains(p))) {
            IPAddress client = new IPAddressString(realIp.strip()).getAddress();
            if (client != null) {
                return client.toCanonicalString();
            }
        }
        return p == null ? "unknown" : p.toCanonicalString();
    }

    /** Takes a token from the source's bucket and the key id's; fails with RequestLimitExceeded when either is empty. */
    public Uni<Void> check(String source, String accessKeyId) {
        if (!config.throttled()) {
            return Uni.createFrom().voidItem();
        }
        return limiter.take("token-source:" + source, config.perSourceCapacity(), config.perSourceRefillPerSecond())
                .chain(bySource -> {
                    if (!bySource.allowed()) {
                        throw throttled("from this address", bySource);
                    }
                    if (!Secrets.isAccessKeyId(accessKeyId)) {
                        return Uni.createFrom().voidItem();   // refused as malformed, at no cost
                    }
                    return limiter.take("token-key:" + accessKeyId, config.perKeyCapacity(),
                            config.perKeyRefillPerSecond()).map(byKey -> {
                                if (!byKey.allowed()) {
                                    throw throttled("for this access key", byKey);
                                }
                                return null;
                            });
                });
    }

    private static ApiException throttled(String what, RateLimiter.Decision refused) {
        long seconds = refused.retryAfterSeconds();
        return new ApiException(429, "RequestLimitExceeded", "Request limit exceeded: too many token requests "
                + what + ". Retry after " + seconds + " s.", seconds);
    }
}
