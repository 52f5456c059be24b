package dev.haneul.scheduler.messaging;

import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.scheduler.placement.PlacementService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The scheduler's part of the launch saga: place on {@code InstanceRequested}, release on stop and terminate. */
@ApplicationScoped
public class InstanceEventConsumer {
    static final String CONSUMER = "scheduler.instance-events";

    private final EventProcessor processor;
    private final PlacementService placement;

    public InstanceEventConsumer(EventProcessor processor, PlacementService placement) {
        this.processor = processor;
        this.placement = placement;
    }

    @Incoming("instance-events")
    public Uni<Void> onInstanceEvent(String payload) {
        return processor.process(CONSUMER, payload, envelope -> {
            if (envelope.data() instanceof InstanceRequested r) {
                return placement.place(r);
            }
            if (envelope.data() instanceof InstanceStopped s) {
                return placement.release(s.instanceId());
            }
            if (envelope.data() instanceof InstanceTerminated t) {
                return placement.release(t.instanceId());
            }
            return Uni.createFrom().voidItem();
        });
    }
}
