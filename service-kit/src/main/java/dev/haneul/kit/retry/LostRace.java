package dev.haneul.kit.retry;

import dev.haneul.kit.CallerContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mysqlclient.MySQLException;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.hibernate.StaleObjectStateException;

/**
 * A request's write that lost a race to a concurrent change of the same rows (an optimistic-lock conflict, a
 * deadlock, a lock wait over its limit) is run again from a fresh read, so the loser gets the answer that
 * matches the new state (e.g. {@code IncorrectInstanceState}, {@code VolumeInUse}) instead of an error about the
 * race. The one rule for it, in every service:
 * <ul>
 * <li>at most {@value #RETRIES} more attempts, after a back-off of 20 ms growing to 200 ms (with jitter), so
 * writers that collided do not collide again at once;</li>
 * <li>every attempt runs on the caller's Vert.x context (captured when {@link #retried} is called), as Hibernate
 * Reactive requires, not on the thread that timed the back-off;</li>
 * <li>anything else fails at once: a request's own error is its answer.</li>
 * </ul>
 * A consumer's step is retried by the kit's {@code RetryPolicy} instead, which also waits out outages.
 */
public final class LostRace {
    /** Retries after the first attempt. */
    public static final int RETRIES = 5;
    static final Duration FIRST_BACK_OFF = Duration.ofMillis(20);
    static final Duration MAX_BACK_OFF = Duration.ofMillis(200);

    private LostRace() {
    }

    /** {@code attempt} (subscribed anew each time), run again as the rule says when it lost a race. */
    public static <T> Uni<T> retried(Supplier<Uni<T>> attempt) {
        return retried(CallerContext.capture(), attempt);
    }

    /**
     * {@link #retried(Supplier)} on a context captured earlier with {@link CallerContext#capture()}: for an attempt
     * assembled inside a callback, which may run on another client's thread (Redis, an HTTP client).
     */
    public static <T> Uni<T> retried(Executor context, Supplier<Uni<T>> attempt) {
        return Uni.createFrom().deferred(attempt::get).runSubscriptionOn(context)
                .onFailure(LostRace::is).retry().withBackOff(FIRST_BACK_OFF, MAX_BACK_OFF).atMost(RETRIES);
    }

    /** True when {@code e} (or a cause) says another writer changed the rows first. */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StaleObjectStateException || t instanceof OptimisticLockException) {
                return true;
            }
            // 1213: deadlock found (the transaction was rolled back); 1205: lock wait timeout exceeded
            if (t instanceof MySQLException m && (m.getErrorCode() == 1213 || m.getErrorCode() == 1205)) {
                return true;
            }
            if (String.valueOf(t.getMessage()).contains("Deadlock found")) {
                return true; // a deadlock some layer re-threw without the driver's exception
            }
        }
        return false;
    }
}
