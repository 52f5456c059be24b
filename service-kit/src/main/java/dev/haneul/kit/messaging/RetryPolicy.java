package dev.haneul.kit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClosedException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.StaleObjectStateException;
import org.hibernate.exception.LockAcquisitionException;
import org.jboss.logging.Logger;

/**
 * The one rule for a consumer's failed step (an event's transaction in {@link EventProcessor}, a batch's transaction
 * in a batch consumer): whose fault the failure is, and so how long the step is run again. Every consumer retries
 * through {@link #retried}; nothing else decides it.
 * <ul>
 * <li>{@link Kind#OUTAGE}, the world's fault: a dependency unreachable or closed, a deadlock, a lock wait, an
 * optimistic-lock conflict, and every refusal of the database server that is not about the data of the statement
 * (access denied, a table missing, read-only, too many connections, a connection killed, the server shutting down…).
 * Retried with back-off (50 ms doubling to 5 s) for as long as it lasts: <b>an outage never fails a step</b>, so no
 * record is ever dead-lettered because a dependency was down; the partition waits and nothing is lost.</li>
 * <li>{@link Kind#TIMEOUT}: no answer in time (a {@link TimeoutException}, the connection pool's bare "Timeout", a
 * statement over its time limit). It may pass, or it may be the record's own (a handler that hangs on it, a pool that
 * never frees up), so it is retried the same way but at most {@code haneul.messaging.timeout-retries} times (10:
 * with the pool's own 30 s wait each, minutes), then the step fails.</li>
 * <li>{@link Kind#FAULT}, the record's fault: the database refusing the data (SQLSTATE class 22 or 23: duplicates,
 * foreign keys, values too long or out of range…), a handler's bug, bad data. Retried at most
 * {@code haneul.messaging.fault-retries} times (3), then the step fails: the caller dead-letters that one record.</li>
 * </ul>
 * A record that cannot be decoded at all is poison before any step runs: {@link EventProcessor} fails it at once.
 * Retries are logged (WARN on the first and every 20th of a step, DEBUG otherwise) and counted in
 * {@code haneul_consumer_retries_total{consumer, kind}}, so a partition waiting out an outage is visible.
 */
@ApplicationScoped
public class RetryPolicy {
    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);
    static final Duration FIRST_DELAY = Duration.ofMillis(50);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);
    private static final int WARN_EVERY = 20;

    /** MariaDB errors about the statement's data whose SQLSTATE is not of class 22 or 23 (HY000, 01000, 08S01…). */
    private static final Set<Integer> DATA_ERRORS = Set.of(
            1048,   // column cannot be null
            1153,   // a statement larger than max_allowed_packet: its data is too big
            1265,   // data truncated
            1292,   // truncated incorrect value
            1366,   // incorrect value for the column
            1406,   // data too long
            1690,   // value out of range
            3140,   // invalid JSON
            4025);  // CHECK constraint failed
    /** MariaDB's statement time limit (max_statement_time) and MySQL's (max_execution_time). */
    private static final Set<Integer> STATEMENT_TIMEOUTS = Set.of(1969, 3024);

    /** Whose fault a failure is. */
    public enum Kind {
        /** A dependency's: retried for as long as it lasts. */
        OUTAGE,
        /** Nobody's known: retried a bounded number of times. */
        TIMEOUT,
        /** The record's: retried a few times, then the record is dead-lettered. */
        FAULT
    }

    private final int timeoutRetries;
    private final int faultRetries;
    private final MeterRegistry meters;

    public RetryPolicy(@ConfigProperty(name = "haneul.messaging.timeout-retries", defaultValue = "10") int timeoutRetries,
            @ConfigProperty(name = "haneul.messaging.fault-retries", defaultValue = "3") int faultRetries,
            MeterRegistry meters) {
        this.timeoutRetries = timeoutRetries;
        this.faultRetries = faultRetries;
        this.meters = meters;
    }

    /**
     * {@code step} under the rule: subscribed again after each failure the rule retries (so it must be lazy, e.g.
     * {@code Uni.createFrom().deferred(…)}, and idempotent, as a rolled-back transaction is). Fails with the last
     * failure once a timeout or a fault has used up its retries; never because of an outage.
     */
    public <T> Uni<T> retried(String consumer, Supplier<String> what, Uni<T> step) {
        return Uni.createFrom().deferred(() -> {
            AtomicInteger retries = new AtomicInteger();
            AtomicInteger timeouts = new AtomicInteger();
            AtomicInteger faults = new AtomicInteger();
            return step.onFailure(e -> {
                Kind kind = kind(e);
                boolean again = switch (kind) {
                    case OUTAGE -> true;
                    case TIMEOUT -> timeouts.incrementAndGet() <= timeoutRetries;
                    case FAULT -> faults.incrementAndGet() <= faultRetries;
                };
                if (again) {
                    int n = retries.incrementAndGet();
                    meters.counter("haneul.consumer.retries", "consumer", consumer, "kind",
                            kind.name().toLowerCase()).increment();
                    if (n == 1 || n % WARN_EVERY == 0) {
                        LOG.warnf("%s: %s failed (%s, retry %d): %s", consumer, what.get(), kind, n, e.toString());
                    } else {
                        LOG.debugf("%s: %s failed (%s, retry %d): %s", consumer, what.get(), kind, n, e.toString());
                    }
                }
                return again;
            }).retry().withBackOff(FIRST_DELAY, MAX_DELAY).indefinitely();
        });
    }

    /** True for the failures that are not a request's own (an outage or a timeout): a caller may try again. */
    public static boolean isTransient(Throwable e) {
        return kind(e) != Kind.FAULT;
    }

    /** Whose fault {@code e} is, from the first thing in its cause chain that tells. */
    public static Kind kind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Kind kind = own(t);
            if (kind != null) {
                return kind;
            }
        }
        return Kind.FAULT;
    }

    /** What this one throwable says, or null when it says nothing (look at its cause). */
    private static Kind own(Throwable t) {
        int code = 0;
        String state = null;
        if (t instanceof DatabaseException d) {   // the reactive client's MySQLException
            code = d.getErrorCode();
            state = d.getSqlState();
        } else if (t instanceof SQLException s && (s.getErrorCode() > 0 || s.getSQLState() != null)) {
            code = s.getErrorCode();   // as Hibernate Reactive reports the server's errors
            state = s.getSQLState();
        }
        if (code > 0 || state != null) {
            if (DATA_ERRORS.contains(code) || state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return Kind.FAULT;
            }
            return STATEMENT_TIMEOUTS.contains(code) ? Kind.TIMEOUT : Kind.OUTAGE;
        }
        // SocketException covers ConnectException (and netty's ConnectTimeoutException: the server was never
        // reached), NoRouteToHostException ("No route to host" when a link is down) and "Network is unreachable"
        if (t instanceof StaleObjectStateException || t instanceof OptimisticLockException
                || t instanceof LockAcquisitionException
                || t instanceof SocketException || t instanceof ConnectTimeoutException
                || t instanceof ClosedChannelException || t instanceof ClosedConnectionException
                || t instanceof HttpClosedException) {
            return Kind.OUTAGE;
        }
        String msg = String.valueOf(t.getMessage());
        if (t instanceof TimeoutException || msg.equals("Timeout")) {
            return Kind.TIMEOUT;
        }
        if (msg.contains("Connection refused") || msg.contains("Connection reset")
                || msg.contains("Failed to read any response") || msg.contains("Pool closed")
                || msg.contains("Connection is closed") || msg.contains("Connection was closed")
                || msg.contains("Connection closed") || msg.contains("Connection was killed")
                || msg.contains("No route to host") || msg.contains("Network is unreachable")
                || msg.contains("Host is unreachable") || msg.contains("Connection timed out")) {
            return Kind.OUTAGE;
        }
        return null;
    }
}
