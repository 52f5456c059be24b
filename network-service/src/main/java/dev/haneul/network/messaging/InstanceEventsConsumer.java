package dev.haneul.network.messaging;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.network.attach.InstanceNetworkService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Hands {@code instance-events} to the network side of the saga, once per event id. */
@ApplicationScoped
public class InstanceEventsConsumer {
    public static final String CHANNEL = Topics.INSTANCE_EVENTS;
    static final String CONSUMER = "network-service.instance-events";

    private final EventProcessor processor;
    private final InstanceNetworkService network;

    public InstanceEventsConsumer(EventProcessor processor, InstanceNetworkService network) {
        this.processor = processor;
        this.network = network;
    }

    /** The kit's processor runs each event on a fresh safe Vert.x context of its own. */
    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        return processor.process(CONSUMER, payload, this::dispatch);
    }

    private Uni<Void> dispatch(Envelope envelope) {
        if (envelope.data() instanceof InstanceRequested r) {
            return network.onRequested(r);
        }
        if (envelope.data() instanceof InstanceStopped s) {
            return network.onStopped(s);
        }
        if (envelope.data() instanceof InstanceTerminated t) {
            return network.onTerminated(t);
        }
        return Uni.createFrom().voidItem();
    }
}
