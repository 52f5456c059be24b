package dev.haneul.compute.messaging;

import dev.haneul.compute.saga.SagaHandler;
import dev.haneul.kit.messaging.EventProcessor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Kafka adapters: the saga's replies on instance-events and the hosts' reports on host-events. */
@ApplicationScoped
public class SagaConsumers {
    public static final String INSTANCE_EVENTS = "instance-events";
    public static final String HOST_EVENTS = "host-events";

    private final EventProcessor processor;
    private final SagaHandler saga;

    public SagaConsumers(EventProcessor processor, SagaHandler saga) {
        this.processor = processor;
        this.saga = saga;
    }

    @Incoming(INSTANCE_EVENTS)
    public Uni<Void> onInstanceEvent(String payload) {
        return processor.process("compute-api.instance-events", payload, saga::onInstanceEvent);
    }

    @Incoming(HOST_EVENTS)
    public Uni<Void> onHostEvent(String payload) {
        return processor.process("compute-api.host-events", payload, saga::onHostEvent);
    }
}
