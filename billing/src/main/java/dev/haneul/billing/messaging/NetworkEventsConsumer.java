package dev.haneul.billing.messaging;

import dev.haneul.billing.metering.MeteringService;
import dev.haneul.billing.metering.NetworkFacts;
import dev.haneul.events.Topics;
import dev.haneul.kit.messaging.EventProcessor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds the billable network events (public IPv4 leases) to metering, exactly once in effect. */
@ApplicationScoped
public class NetworkEventsConsumer {
    static final String CHANNEL = Topics.NETWORK_EVENTS;
    static final String CONSUMER = "billing.network-events";

    private final EventProcessor processor;
    private final MeteringService metering;

    public NetworkEventsConsumer(EventProcessor processor, MeteringService metering) {
        this.processor = processor;
        this.metering = metering;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onNetworkEvent(String payload) {
        return processor.process(CONSUMER, payload, envelope -> metering.record(NetworkFacts.of(envelope)));
    }
}
