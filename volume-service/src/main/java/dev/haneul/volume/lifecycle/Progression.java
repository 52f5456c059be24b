package dev.haneul.volume.lifecycle;

import dev.haneul.events.HaneulEvent;
import dev.haneul.events.volume.SnapshotCompleted;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.volume.config.VolumeConfig;
import dev.haneul.volume.quota.VolumeQuotas;
import dev.haneul.volume.snapshot.Snapshot;
import dev.haneul.volume.store.BlockStore;
import dev.haneul.volume.volume.HostAttachments;
import dev.haneul.volume.volume.ModificationService;
import dev.haneul.volume.volume.Volume;
import dev.haneul.volume.volume.VolumeEvents;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Stands in for the storage back end: every tick it ends the transitional states whose time has come
 * (creating → available, deleting → deleted with {@code VolumeDeleted}, snapshots pending → completed with
 * {@code SnapshotCompleted}, modifications modifying → optimizing → completed), sends again or settles the host
 * commands that got no answer ({@link HostAttachments#resendDue}) and forgets deleted volumes after the
 * retention; a deleted volume's data leaves the block store ({@link BlockStore}). Volumes that reach {@code
 * deleted}, and the original type of a completed type change, give their GiB back to the account's quota once
 * the step has committed. Set-based updates bump the row versions and per-row changes are version-checked, so it
 * is safe with several replicas, never overwrites a concurrent request's change and publishes each event once.
 */
@ApplicationScoped
public class Progression {
    private static final Logger LOG = Logger.getLogger(Progression.class);
    private static final String BUMP = ", version = version + 1";

    private static final int BATCH = 500;

    private final VolumeConfig config;
    private final Vertx vertx;
    private final Outbox outbox;
    private final HostAttachments hostAttachments;
    private final VolumeQuotas quotas;
    private final BlockStore store;
    private final AtomicBoolean running = new AtomicBoolean();

    public Progression(VolumeConfig config, Vertx vertx, Outbox outbox, HostAttachments hostAttachments,
            VolumeQuotas quotas, BlockStore store) {
        this.quotas = quotas;
        this.store = store;
        this.config = config;
        this.vertx = vertx;
        this.outbox = outbox;
        this.hostAttachments = hostAttachments;
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

    /**
     * Ends every transition due at {@code now}. Each step is its own transaction, so a step that loses a race
     * (and is retried at the next tick) does not hold back the others.
     */
    public Uni<Void> advance(Instant now) {
        Parameters at = Parameters.with("now", now);
        return step("creating", () -> Volume.update("state = 'available', transitionAt = null" + BUMP
                        + " where state = 'creating' and transitionAt <= :now", at))
                .chain(() -> step("host commands", () -> hostAttachments.resendDue(now, BATCH)))
                .chain(() -> giveBackAfter("deleting", () -> deleteDue(now), store::deleteVolumes))
                .chain(() -> step("retention", () -> Volume.delete("state = 'deleted' and deletedAt <= ?1",
                        now.minus(config.deletedRetention()))))
                .chain(() -> giveBackAfter("modifications", () -> Volume.update("modificationState = '"
                        + ModificationService.OPTIMIZING + "'" + BUMP + " where modificationState = '"
                        + ModificationService.MODIFYING + "' and modificationOptimizingAt <= :now", at)
                        .chain(() -> typeChangesDue(now))
                        .call(() -> Volume.update("modificationState = '" + ModificationService.COMPLETED + "',"
                                + " modificationEnd = :now" + BUMP + " where modificationState = '"
                                + ModificationService.OPTIMIZING + "' and modificationCompleteAt <= :now", at)),
                        ids -> Uni.createFrom().voidItem()))
                .chain(() -> step("snapshots", () -> completeSnapshots(now)));
    }

    private static Uni<Void> step(String name, Supplier<Uni<?>> work) {
        return Panache.withTransaction(work::get).replaceWithVoid().onFailure().recoverWithUni(e -> {
            LOG.debugf("progression of %s paused: %s", name, e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * A step whose transaction frees quota: once it has committed, the volumes it names (account → volume ids) are
     * given back ({@link VolumeQuotas#giveBack}: set to what their rows say), then {@code afterwards} has them.
     */
    private Uni<Void> giveBackAfter(String name, Supplier<Uni<Map<String, List<String>>>> work,
            Function<List<String>, Uni<Void>> afterwards) {
        return Panache.withTransaction(work::get)
                .chain(freed -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (var e : freed.entrySet()) {
                        chain = chain.call(() -> quotas.giveBack(e.getKey(), e.getValue()));
                    }
                    List<String> all = freed.values().stream().flatMap(List::stream).toList();
                    return chain.call(() -> afterwards.apply(all));
                })
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf("progression of %s paused: %s", name, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** deleting → deleted, with the volume's one {@code VolumeDeleted}; answers the deleted volumes. */
    private Uni<Map<String, List<String>>> deleteDue(Instant now) {
        return Volume.<Volume>find("state = ?1 and transitionAt <= ?2", Volume.DELETING, now).page(0, BATCH).list()
                .chain(due -> {
                    List<HaneulEvent> events = new ArrayList<>();
                    for (Volume v : due) {
                        events.add(VolumeEvents.deleted(v, now));
                        v.markDeleted(now);
                    }
                    return outbox.publishAll(events).replaceWith(byAccount(due));
                });
    }

    /** The volumes whose type-changing modification completes now: their original type's GiB are given back. */
    private Uni<Map<String, List<String>>> typeChangesDue(Instant now) {
        return Volume.<Volume>find("modificationState = ?1 and modificationCompleteAt <= ?2 "
                        + "and originalVolumeType <> volumeType", ModificationService.OPTIMIZING, now)
                .page(0, BATCH).list().map(Progression::byAccount);
    }

    private static Map<String, List<String>> byAccount(List<Volume> volumes) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        volumes.forEach(v -> ids.computeIfAbsent(v.accountId, a -> new ArrayList<>()).add(v.volumeId));
        return ids;
    }

    /** pending → completed, with the snapshot's {@code SnapshotCompleted}. */
    private Uni<Void> completeSnapshots(Instant now) {
        return Snapshot.<Snapshot>find("state = ?1 and completeAt <= ?2", Snapshot.PENDING, now).page(0, BATCH).list()
                .chain(due -> {
                    List<HaneulEvent> events = new ArrayList<>();
                    for (Snapshot s : due) {
                        s.state = Snapshot.COMPLETED;
                        events.add(new SnapshotCompleted(s.accountId, s.snapshotId, s.volumeId, s.volumeSize, now));
                    }
                    return outbox.publishAll(events);
                });
    }
}
