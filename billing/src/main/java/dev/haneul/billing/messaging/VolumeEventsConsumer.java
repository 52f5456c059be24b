package dev.haneul.billing.messaging;

import dev.haneul.billing.metering.MeteringService;
import dev.haneul.billing.metering.VolumeFacts;
import dev.haneul.events.Topics;
import dev.haneul.kit.messaging.EventProcessor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds the billable volume and snapshot events to metering, exactly once in effect. */
@ApplicationScoped
public class VolumeEventsConsumer {
    static final String CHANNEL = Topics.VOLUME_EVENTS;
    static final String CONSUMER = "billing.volume-events";

    private final EventProcessor processor;
    private final MeteringService metering;

    public VolumeEventsConsumer(EventProcessor processor, MeteringService metering) {
        this.processor = processor;
        this.metering = metering;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onVolumeEvent(String payload) {
        return processor.process(CONSUMER, payload, envelope -> metering.record(VolumeFacts.of(envelope)));
    }
}
