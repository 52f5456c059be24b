package dev.haneul.compute.messaging;

import dev.haneul.compute.address.PublicAddresses;
import dev.haneul.compute.catalog.ImageService;
import dev.haneul.compute.instance.InterfaceCopy;
import dev.haneul.compute.saga.SagaHandler;
import dev.haneul.events.Topics;
import dev.haneul.kit.messaging.EventProcessor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka adapters: the saga's replies on instance-events, the hosts' (and the scheduler's host status) reports
 * on host-events, public IPs and interfaces' groups and rules on network-events, snapshots of images on volume-events.
 */
@ApplicationScoped
public class SagaConsumers {
    private final EventProcessor processor;
    private final SagaHandler saga;
    private final PublicAddresses addresses;
    private final InterfaceCopy interfaces;
    private final ImageService images;

    public SagaConsumers(EventProcessor processor, SagaHandler saga, PublicAddresses addresses,
            InterfaceCopy interfaces, ImageService images) {
        this.processor = processor;
        this.saga = saga;
        this.addresses = addresses;
        this.interfaces = interfaces;
        this.images = images;
    }

    @Incoming(Topics.INSTANCE_EVENTS)
    public Uni<Void> onInstanceEvent(String payload) {
        return processor.process("compute-api.instance-events", payload, saga::onInstanceEvent);
    }

    @Incoming(Topics.HOST_EVENTS)
    public Uni<Void> onHostEvent(String payload) {
        return processor.process("compute-api.host-events", payload, SagaHandler.IDEMPOTENT_HOST_EVENTS,
                saga::onHostEvent);
    }

    @Incoming(Topics.NETWORK_EVENTS)
    public Uni<Void> onNetworkEvent(String payload) {
        return processor.process("compute-api.network-events", payload,
                e -> addresses.onNetworkEvent(e).chain(() -> interfaces.onNetworkEvent(e)));
    }

    @Incoming(Topics.VOLUME_EVENTS)
    public Uni<Void> onVolumeEvent(String payload) {
        return processor.process("compute-api.volume-events", payload, images::onVolumeEvent);
    }
}
