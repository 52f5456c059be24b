package dev.haneul.kit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * The caller's Vert.x context as an executor, for work that leaves it (a back-off timer, a CPU-bound task on
 * other threads) and must come back to it: Hibernate Reactive runs only on the context its session was opened on.
 */
public final class CallerContext {
    private CallerContext() {
    }

    /** Runs tasks on the current Vert.x context, captured now (directly, where there is none). */
    public static Executor capture() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
    }
}
