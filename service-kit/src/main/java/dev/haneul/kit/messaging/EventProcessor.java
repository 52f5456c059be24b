package dev.haneul.kit.messaging;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.PoisonMessageException;
import io.netty.channel.ConnectTimeoutException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.hibernate.StaleObjectStateException;
import org.hibernate.exception.LockAcquisitionException;
import org.jboss.logging.Logger;

/**
 * Runs one consumed event through a handler exactly once in effect: the event id is recorded in the
 * consumed-event log in the same transaction as the handler's changes, and a redelivery is skipped.
 * <ul>
 * <li>A message that is not one of our CloudEvents fails at once; the channel's dead-letter strategy moves
 * it to {@code haneul-dead-letter} with the reason, and the partition moves on.</li>
 * <li>A transient failure (database unreachable, deadlock, optimistic-lock conflict) is retried with backoff
 * for as long as it lasts: the partition waits, nothing is lost.</li>
 * <li>Any other failure is retried a few times, then dead-lettered.</li>
 * </ul>
 */
@ApplicationScoped
public class EventProcessor {
    private static final Logger LOG = Logger.getLogger(EventProcessor.class);

    private final Inbox inbox;
    private final Vertx vertx;

    public EventProcessor(Inbox inbox, Vertx vertx) {
        this.inbox = inbox;
        this.vertx = vertx;
    }

    public Uni<Void> process(String consumer, String payload, Function<Envelope, Uni<Void>> handler) {
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
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> inbox.firstDelivery(envelope.id(), consumer)
                .chain(first -> first ? handler.apply(envelope) : Uni.createFrom().voidItem())))
                .runSubscriptionOn(onContext)
                .onFailure(EventProcessor::isTransient).invoke(e -> LOG.debugf("%s: retrying %s after %s", consumer,
                        envelope.type(), e.toString()))
                .onFailure(EventProcessor::isTransient).retry()
                .withBackOff(Duration.ofMillis(50), Duration.ofSeconds(5)).indefinitely()
                .onFailure().invoke(e -> LOG.warnf(e, "%s: %s %s failed", consumer, envelope.type(), envelope.id()))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(3)
                .replaceWithVoid();
    }

    /** True for failures that pass: a dependency unreachable or timing out, deadlocks, optimistic-lock conflicts. */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // SocketException covers ConnectException, NoRouteToHostException ("No route to host" when a link
            // is down) and "Network is unreachable"
            if (t instanceof StaleObjectStateException || t instanceof OptimisticLockException
                    || t instanceof SocketException || t instanceof ClosedChannelException
                    || t instanceof ClosedConnectionException
                    || t instanceof HttpClosedException
                    || t instanceof TimeoutException
                    || t instanceof ConnectTimeoutException) {
                return true;
            }
            // deadlock (1213) and lock wait timeout (1205), from the reactive client or as Hibernate Reactive
            // reports them (LockAcquisitionException over an SQLException)
            if (t instanceof MySQLException m
                    && (m.getErrorCode() == 1213 || m.getErrorCode() == 1205)) {
                return true;
            }
            if (t instanceof LockAcquisitionException
                    || t instanceof SQLException s && (s.getErrorCode() == 1213 || s.getErrorCode() == 1205)) {
                return true;
            }
            String msg = String.valueOf(t.getMessage());
            if (msg.contains("Connection refused") || msg.contains("Connection reset")
                    || msg.contains("Failed to read any response") || msg.contains("Pool closed")
                    || msg.equals("Timeout") || msg.contains("Connection is closed")
                    || msg.contains("Connection was closed") || msg.contains("Connection closed")
                    || msg.contains("No route to host") || msg.contains("Network is unreachable")
                    || msg.contains("Host is unreachable") || msg.contains("Connection timed out")) {
                return true;
            }
        }
        return false;
    }
}
