package dev.haneul.billing.metering;

import dev.haneul.events.Envelope;
import dev.haneul.events.network.NetworkEvent;
import dev.haneul.events.network.PublicIpAcquired;
import dev.haneul.events.network.PublicIpReleased;
import java.math.BigDecimal;
import java.util.List;

/**
 * Which network events bill: {@code PublicIpAcquired} starts and {@code PublicIpReleased} ends one public IPv4
 * address per lease ({@code leaseId}: a new one for every auto-assigned address, the allocation id for an elastic
 * IP, billed from allocation to release whether associated or not), price key {@value #PRICE_KEY}. Association
 * changes and everything else bill nothing.
 */
public final class NetworkFacts {
    public static final String PRICE_KEY = "public-ipv4";

    private NetworkFacts() {
    }

    public static List<Fact> of(Envelope envelope) {
        if (!(envelope.data() instanceof NetworkEvent e)) {
            return List.of();
        }
        if (e instanceof PublicIpAcquired a) {
            return List.of(new Fact(envelope.id(), envelope.type(), a.accountId(), a.leaseId(), MeterKind.PUBLIC_IPV4,
                    Fact.Kind.START, PRICE_KEY, BigDecimal.ONE, a.at(), 0));
        }
        if (e instanceof PublicIpReleased r) {
            return List.of(new Fact(envelope.id(), envelope.type(), r.accountId(), r.leaseId(), MeterKind.PUBLIC_IPV4,
                    Fact.Kind.END, PRICE_KEY, BigDecimal.ZERO, r.at(), 0));
        }
        return List.of();
    }
}
