package dev.haneul.kit.probe;

import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.messaging.EventProcessor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.StaleObjectStateException;

/**
 * Counts how often each terminated instance's effect was applied (must be once per event id) and how often its
 * handler ran; an instance whose id starts with {@value #TIMES_OUT} never gets an answer in time, as when the
 * connection pool has none to give.
 */
@ApplicationScoped
public class ProbeConsumer {
    static final String TIMES_OUT = "i-0eee";
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger(2);
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    private final EventProcessor processor;

    public ProbeConsumer(EventProcessor processor) {
        this.processor = processor;
    }

    @Incoming("probe-events")
    public Uni<Void> consume(String payload) {
        return processor.process("kit-probe", payload, envelope -> {
            if (envelope.data() instanceof InstanceTerminated t) {
                ATTEMPTS.computeIfAbsent(t.instanceId(), id -> new AtomicInteger()).incrementAndGet();
                if (t.instanceId().startsWith(TIMES_OUT)) {
                    // what the reactive client's pool answers when no connection frees up in time
                    return Uni.createFrom().failure(new VertxException("Timeout", true));
                }
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

    /** How often the handler ran for the instance's event (every delivery and retry). */
    static int attempts(String instanceId) {
        AtomicInteger n = ATTEMPTS.get(instanceId);
        return n == null ? 0 : n.get();
    }
}
