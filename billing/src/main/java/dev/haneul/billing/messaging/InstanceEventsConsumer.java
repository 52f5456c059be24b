package dev.haneul.billing.messaging;

import dev.haneul.billing.metering.InstanceFacts;
import dev.haneul.billing.metering.MeteringService;
import dev.haneul.events.Topics;
import dev.haneul.kit.messaging.EventProcessor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds the billable instance lifecycle events to metering, exactly once in effect. */
@ApplicationScoped
public class InstanceEventsConsumer {
    static final String CHANNEL = Topics.INSTANCE_EVENTS;
    static final String CONSUMER = "billing.instance-events";

    private final EventProcessor processor;
    private final MeteringService metering;

    public InstanceEventsConsumer(EventProcessor processor, MeteringService metering) {
        this.processor = processor;
        this.metering = metering;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onInstanceEvent(String payload) {
        return processor.process(CONSUMER, payload, envelope -> InstanceFacts.of(envelope)
                .map(metering::record)
                .orElseGet(() -> Uni.createFrom().voidItem()));
    }
}
