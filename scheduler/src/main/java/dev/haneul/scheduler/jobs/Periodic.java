package dev.haneul.scheduler.jobs;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A background job on a Vert.x timer: each run gets a fresh safe (duplicated) Vert.x context, which Hibernate
 * Reactive needs for its session, and a run never overlaps the previous one.
 */
public final class Periodic {
    private final Vertx vertx;
    private final String name;
    private final Supplier<? extends Uni<?>> job;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Logger log;
    private long timer = -1;

    public Periodic(Vertx vertx, String name, Supplier<? extends Uni<?>> job, Logger log) {
        this.vertx = vertx;
        this.name = name;
        this.job = job;
        this.log = log;
    }

    public void start(Duration every) {
        timer = vertx.setPeriodic(Math.max(1, every.toMillis()), id -> {
            if (running.compareAndSet(false, true)) {
                run().subscribe().with(ok -> running.set(false), e -> {
                    running.set(false);
                    log.warnf("%s failed (the next run tries again): %s", name, e.toString());
                });
            }
        });
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private Uni<Object> run() {
        return onSafeContext(vertx, () -> job.get().map(x -> (Object) x));
    }

    /** Runs {@code work} on a fresh safe duplicated context (for Hibernate Reactive outside a request). */
    public static <T> Uni<T> onSafeContext(Vertx vertx, Supplier<? extends Uni<? extends T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().<T>deferred(work::get).runSubscriptionOn(task -> context.runOnContext(v -> task.run()));
    }
}
