package dev.haneul.kit.messaging;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.PoisonMessageException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs one consumed event through a handler exactly once in effect: the event id is recorded in the
 * consumed-event log in the same transaction as the handler's changes, and a redelivery is skipped. An event of a
 * type its consumer declares idempotent (applying it twice is harmless, as for a host's heartbeat) is handled the
 * same way but leaves no row: its redelivery is simply applied again, and a stream of thousands a second does not
 * grow the log.
 * <ul>
 * <li>A message that is not one of our CloudEvents fails at once; the channel's dead-letter strategy moves
 * it to {@code haneul-dead-letter} with the reason, and the partition moves on.</li>
 * <li>Every other failure is retried as {@link RetryPolicy} says: an outage (database unreachable or refusing for
 * reasons that are not the event's, deadlock, optimistic-lock conflict) for as long as it lasts, the partition
 * waiting, nothing lost; a timeout a bounded number of times; a fault of the event's own (its data refused, a bug) a
 * few times. Only then does the returned {@code Uni} fail, and the channel dead-letters that one event.</li>
 * </ul>
 */
@ApplicationScoped
public class EventProcessor {
    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    private final Inbox inbox;
    private final Vertx vertx;
    private final RetryPolicy retries;

    public EventProcessor(Inbox inbox, Vertx vertx, RetryPolicy retries) {
        this.inbox = inbox;
        this.vertx = vertx;
        this.retries = retries;
    }

    public Uni<Void> process(String consumer, String payload, Function<Envelope, Uni<Void>> handler) {
        return process(consumer, payload, Set.of(), handler);
    }

    /**
     * As {@link #process(String, String, Function)}, but the events of the types in {@code idempotent} are not
     * recorded in the consumed-event log: the consumer states that its handler applies each of them twice with the
     * effect of once.
     */
    public Uni<Void> process(String consumer, String payload, Set<Class<? extends HaneulEvent>> idempotent,
            Function<Envelope, Uni<Void>> handler) {
        Envelope envelope;
        try {
            envelope = EventCodec.decode(payload);
        } catch (PoisonMessageException e) {
            LOG.warnf("%s: dead-lettering a poison message: %s", consumer, e.getMessage());
            return Uni.createFrom().failure(e);
        }
        // every message gets a fresh, safe duplicated Vert.x context (Hibernate Reactive keeps its session
        // there), and every attempt, also a retry whose back-off delay ends on another thread, runs on it
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        Executor onContext = task -> context.runOnContext(v -> task.run());
        boolean logged = !idempotent.contains(envelope.data().getClass());
        Uni<Void> attempt = Uni.createFrom().deferred(() -> Panache.withTransaction(() -> (logged
                ? inbox.firstDelivery(envelope.id(), consumer) : Uni.createFrom().item(true))
                .chain(first -> first ? handler.apply(envelope) : Uni.createFrom().voidItem())))
                .runSubscriptionOn(onContext);
        return retries.retried(consumer, () -> envelope.type() + " " + envelope.id(), attempt)
                .onFailure().invoke(e -> LOG.warnf(e, "%s: %s %s failed for good: dead-lettering it", consumer,
                        envelope.type(), envelope.id()))
                .replaceWithVoid();
    }
}
