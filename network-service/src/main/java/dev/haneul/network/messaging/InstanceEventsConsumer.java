package dev.haneul.network.messaging;

import dev.haneul.events.Envelope;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.network.attach.InstanceNetworkService;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Hands {@code instance-events} to the network side of the saga, once per event id. */
@ApplicationScoped
public class InstanceEventsConsumer {
    public static final String CHANNEL = "instance-events";
    static final String CONSUMER = "network-service.instance-events";

    private final EventProcessor processor;
    private final InstanceNetworkService network;
    private final Vertx vertx;

    public InstanceEventsConsumer(EventProcessor processor, InstanceNetworkService network, Vertx vertx) {
        this.processor = processor;
        this.network = network;
        this.vertx = vertx;
    }

    /**
     * Runs each event on a fresh safe duplicated Vert.x context of its own (as the kit's outbox relay does):
     * under load the connector was seen to call us where Hibernate Reactive finds no such context.
     */
    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        Context ctx = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(ctx, true);
        return Uni.createFrom().deferred(() -> processor.process(CONSUMER, payload, this::dispatch))
                .runSubscriptionOn(task -> ctx.runOnContext(v -> task.run()));
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
