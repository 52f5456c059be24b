package dev.haneul.compute.instance;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.persistence.OptimisticLockException;
import java.util.concurrent.Executor;
import org.hibernate.StaleObjectStateException;

/**
 * A write that lost an optimistic-lock race (a saga event changed the same row meanwhile) is worth retrying;
 * the retry must run on the request's Vert.x context, as Hibernate Reactive requires, not on the thread that
 * timed the back-off: {@code uni.runSubscriptionOn(Conflicts.onContext()).onFailure(Conflicts::isOptimisticLock)
 * .retry()…}.
 */
public final class Conflicts {
    private Conflicts() {
    }

    /** Runs (re)subscriptions on the caller's current Vert.x context (directly if there is none). */
    public static Executor onContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
    }

    public static boolean isOptimisticLock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StaleObjectStateException || t instanceof OptimisticLockException) {
                return true;
            }
        }
        return false;
    }
}
