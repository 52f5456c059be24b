package dev.haneul.volume.lifecycle;

import dev.haneul.volume.config.VolumeConfig;
import dev.haneul.volume.snapshot.Snapshot;
import dev.haneul.volume.volume.ModificationService;
import dev.haneul.volume.volume.Volume;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Stands in for the storage back end: every tick it ends the transitional states whose time has come
 * (creating → available, attaching → attached, detaching → available, deleting → deleted, snapshots
 * pending → completed, modifications modifying → optimizing → completed) and forgets deleted volumes after
 * the retention. Each step is one set-based update that bumps the row versions, so it is safe with several
 * replicas and never overwrites a concurrent request's change.
 */
@ApplicationScoped
public class Progression {
    private static final Logger LOG = Logger.getLogger(Progression.class);
    private static final String BUMP = ", version = version + 1";

    private final VolumeConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();

    public Progression(VolumeConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(config.tick().toMillis(), id -> {
            if (!running.compareAndSet(false, true)) {
                return;
            }
            Context ctx = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(ctx, true);
            ctx.runOnContext(v -> advance(Instant.now())
                    .eventually(() -> running.set(false))
                    .subscribe().with(ok -> { }, e -> LOG.debugf("progression paused: %s", e.getMessage())));
        });
    }

    /** Ends every transition due at {@code now}. */
    public Uni<Void> advance(Instant now) {
        Parameters at = Parameters.with("now", now);
        return Panache.withTransaction(() -> Volume.update("state = 'available', transitionAt = null" + BUMP
                        + " where state = 'creating' and transitionAt <= :now", at)
                .chain(() -> Volume.update("attachmentState = 'attached', transitionAt = null" + BUMP
                        + " where attachmentState = 'attaching' and transitionAt <= :now", at))
                .chain(() -> Volume.update("state = 'available', instanceId = null, device = null,"
                        + " attachmentState = null, attachTime = null, deleteOnTermination = false,"
                        + " rootDevice = false, transitionAt = null" + BUMP
                        + " where attachmentState = 'detaching' and transitionAt <= :now", at))
                .chain(() -> Volume.update("state = 'deleted', deletedAt = :now, transitionAt = null" + BUMP
                        + " where state = 'deleting' and transitionAt <= :now", at))
                .chain(() -> Volume.delete("state = 'deleted' and deletedAt <= ?1",
                        now.minus(config.deletedRetention())))
                .chain(() -> Volume.update("modificationState = '" + ModificationService.OPTIMIZING + "'" + BUMP
                        + " where modificationState = '" + ModificationService.MODIFYING
                        + "' and modificationOptimizingAt <= :now", at))
                .chain(() -> Volume.update("modificationState = '" + ModificationService.COMPLETED + "',"
                        + " modificationEnd = :now" + BUMP + " where modificationState = '"
                        + ModificationService.OPTIMIZING + "' and modificationCompleteAt <= :now", at))
                .chain(() -> Snapshot.update("state = 'completed'" + BUMP
                        + " where state = 'pending' and completeAt <= :now", at)))
                .replaceWithVoid();
    }
}
