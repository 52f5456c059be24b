package dev.haneul.volume.messaging;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.InstanceEvent;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.volume.instance.InstanceProjection;
import dev.haneul.volume.launch.LaunchVolumes;
import dev.haneul.volume.quota.QuotaTracker;
import dev.haneul.volume.quota.VolumeQuotas;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The {@code instance-events} adapter: hands each event, once, to the launch step or the projection. */
@ApplicationScoped
public class InstanceEventsConsumer {
    public static final String CHANNEL = Topics.INSTANCE_EVENTS;
    static final String CONSUMER = "volume-service.instance-events";

    private final EventProcessor processor;
    private final LaunchVolumes launch;
    private final InstanceProjection instances;
    private final VolumeQuotas quotas;

    public InstanceEventsConsumer(EventProcessor processor, LaunchVolumes launch, InstanceProjection instances,
            VolumeQuotas quotas) {
        this.quotas = quotas;
        this.processor = processor;
        this.launch = launch;
        this.instances = instances;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onInstanceEvent(String payload) {
        // quota given back once processing is over: what a failed attempt reserved, what termination freed
        QuotaTracker quota = new QuotaTracker(quotas);
        return processor.process(CONSUMER, payload, envelope -> {
            quota.begin();
            return dispatch(envelope, quota);
        }).onTermination().call((ok, failure, cancelled) -> quota.settle(failure == null && !cancelled));
    }

    private Uni<Void> dispatch(Envelope envelope, QuotaTracker quota) {
        if (envelope.data() instanceof InstanceRequested requested) {
            return launch.onRequested(requested, quota);
        }
        if (envelope.data() instanceof InstanceTerminated terminated) {
            return launch.onTerminated(terminated, quota);
        }
        if (envelope.data() instanceof InstanceEvent lifecycle) {
            return instances.onLifecycle(lifecycle);
        }
        return Uni.createFrom().voidItem();
    }
}
