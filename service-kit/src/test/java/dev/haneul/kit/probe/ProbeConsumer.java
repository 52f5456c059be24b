package dev.haneul.kit.probe;

import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.messaging.EventProcessor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.StaleObjectStateException;

/** Counts how often each terminated instance's effect was applied: must be once per event id. */
@ApplicationScoped
public class ProbeConsumer {
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger(2);
    private final EventProcessor processor;

    public ProbeConsumer(EventProcessor processor) {
        this.processor = processor;
    }

    @Incoming("probe-events")
    public Uni<Void> consume(String payload) {
        return processor.process("kit-probe", payload, envelope -> {
            if (envelope.data() instanceof InstanceTerminated t) {
                if (t.instanceId().startsWith("i-0ccc") && FAILURES_LEFT.getAndDecrement() > 0) {
                    // a transient failure (an optimistic-lock conflict) on the first two deliveries
                    return Uni.createFrom().failure(new StaleObjectStateException("probe", t.instanceId()));
                }
                return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO probe_effect (instance_id, times_applied) VALUES (:id, 1) "
                                + "ON DUPLICATE KEY UPDATE times_applied = times_applied + 1")
                        .setParameter("id", t.instanceId()).executeUpdate()).replaceWithVoid();
            }
            return Uni.createFrom().voidItem();
        });
    }
}
