package dev.haneul.volume.snapshot;

import dev.haneul.events.volume.SnapshotCreated;
import dev.haneul.events.volume.SnapshotDeleted;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.volume.common.TagsConverter;
import dev.haneul.volume.common.Writes;
import dev.haneul.volume.config.VolumeConfig;
import dev.haneul.volume.quota.Footprint;
import dev.haneul.volume.quota.QuotaExceeded;
import dev.haneul.volume.quota.QuotaWrites;
import dev.haneul.volume.quota.VolumeQuotas.Claim;
import dev.haneul.volume.quota.VolumeQuotas;
import dev.haneul.volume.snapshot.api.CreateSnapshotRequest;
import dev.haneul.volume.snapshot.api.SnapshotListView;
import dev.haneul.volume.snapshot.api.SnapshotView;
import dev.haneul.volume.store.BlockStore;
import dev.haneul.volume.volume.Volume;
import dev.haneul.volume.volume.VolumeLookup;
import dev.haneul.volume.volume.VolumeService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CreateSnapshot, DescribeSnapshots, DeleteSnapshot. A snapshot is pending for a time proportional to its
 * volume's size, then completed; at most 5 are pending per volume (the volume's version is bumped by every
 * create, so two concurrent creates cannot both take the last place). A snapshot may be taken of an in-use
 * volume (CreateImage snapshots a running instance's root volume). Publishes {@code SnapshotCreated} and
 * {@code SnapshotDeleted}; {@code SnapshotCompleted} comes from {@code lifecycle/Progression}. Each snapshot counts
 * against the account's snapshot quota ({@code SnapshotLimitExceeded}) from its creation until it is deleted. With
 * a block store, the snapshot's data is copied from the volume's when it is created (a point in time: what the
 * volume held then; an in-use volume's guest should flush first, as on EC2) and deleted with it.
 */
@ApplicationScoped
public class SnapshotService {
    public static final int MAX_PENDING_PER_VOLUME = 5;
    private static final Set<String> SNAPSHOTTABLE = Set.of(Volume.AVAILABLE, Volume.IN_USE);

    private final VolumeLookup volumes;
    private final SnapshotLookup snapshots;
    private final VolumeConfig config;
    private final Outbox outbox;
    private final QuotaWrites writes;
    private final VolumeQuotas quotas;
    private final BlockStore store;

    public SnapshotService(VolumeLookup volumes, SnapshotLookup snapshots, VolumeConfig config, Outbox outbox,
            QuotaWrites writes, VolumeQuotas quotas, BlockStore store) {
        this.store = store;
        this.writes = writes;
        this.quotas = quotas;
        this.volumes = volumes;
        this.snapshots = snapshots;
        this.config = config;
        this.outbox = outbox;
    }

    public Uni<SnapshotView> create(String accountId, CreateSnapshotRequest r) {
        Map<String, String> given = TagsConverter.toMap(r.tags());
        // the account's row first (quota share lock), then the volume's (claim)
        return writes.transactionally(accountId, quota -> quota.enter()
                .chain(() -> volumes.findLive(accountId, r.volumeId())).chain(v -> {
            if (!SNAPSHOTTABLE.contains(v.state)) {
                throw ApiException.conflict("IncorrectState", "The volume '" + v.volumeId + "' is in the '"
                        + v.state + "' state.");
            }
            return claim(v)
                    .chain(() -> Snapshot.count("volumeId = ?1 and state = ?2", v.volumeId, Snapshot.PENDING))
                    .chain(pending -> {
                        if (pending >= MAX_PENDING_PER_VOLUME) {
                            throw ApiException.badRequest("ConcurrentSnapshotLimitExceeded", "The volume '"
                                    + v.volumeId + "' already has " + pending + " pending snapshots.");
                        }
                        Snapshot s = snapshotOf(v, r, given);
                        return quota.reserve(List.of(new Claim(Footprint.SNAPSHOTS, s.snapshotId, 1)))
                                .onFailure(QuotaExceeded.class).transform(VolumeService::refused)
                                .chain(() -> s.<Snapshot>persist())
                                // the data as of now, before the row commits (BlockStore: no-op without a store)
                                .call(() -> store.snapshot(s.volumeId, s.snapshotId))
                                .call(() -> outbox.publish(new SnapshotCreated(s.accountId, s.snapshotId, s.volumeId,
                                        s.volumeSize, s.startTime)));
                    });
        })).map(SnapshotView::of);
    }

    public Uni<SnapshotListView> list(String accountId, List<String> snapshotIds, String volumeId, String state,
            PageRequest paging) {
        StringBuilder hql = new StringBuilder("accountId = :account");
        Parameters params = Parameters.with("account", accountId);
        if (snapshotIds != null && !snapshotIds.isEmpty()) {
            snapshotIds.forEach(SnapshotLookup::checkId);
            hql.append(" and snapshotId in :ids");
            params.and("ids", snapshotIds);
        }
        if (volumeId != null) {
            hql.append(" and volumeId = :volume");
            params.and("volume", volumeId);
        }
        if (state != null) {
            hql.append(" and state = :state");
            params.and("state", state);
        }
        if (!paging.first()) {
            hql.append(" and ").append(paging.keysetCondition(params, "snapshotId"));
        }
        hql.append(" order by snapshotId");
        return Panache.withSession(() -> Snapshot.<Snapshot>find(hql.toString(), params)
                        .page(0, paging.fetchSize()).list())
                .map(rows -> paging.pageById(rows, s -> s.snapshotId, SnapshotView::of))
                .map(page -> new SnapshotListView(page.items(), page.nextToken()));
    }

    public Uni<SnapshotView> get(String accountId, String snapshotId) {
        return Panache.withSession(() -> snapshots.find(accountId, snapshotId)).map(SnapshotView::of);
    }

    public Uni<Void> delete(String accountId, String snapshotId) {
        return Writes.transactionally(() -> snapshots.find(accountId, snapshotId).chain(s -> s.delete()
                .chain(() -> outbox.publish(new SnapshotDeleted(s.accountId, s.snapshotId, Instant.now())))))
                // once the deletion has committed, the snapshot no longer counts against the account's quota
                .call(() -> quotas.giveBack(accountId, List.of(snapshotId)))
                .call(() -> store.deleteSnapshot(snapshotId));
    }

    /** Bumps the volume's version if nobody changed it since it was read; otherwise the request is retried. */
    private static Uni<Void> claim(Volume v) {
        // flush first, so the version compared is the one this session holds after its own changes
        return Panache.getSession().chain(s -> s.flush())
                .chain(() -> Volume.update("version = version + 1 where volumeId = ?1 and version = ?2", v.volumeId,
                        v.version))
                .invoke(rows -> {
                    if (rows == 0) {
                        throw new OptimisticLockException("volume " + v.volumeId + " changed concurrently");
                    }
                }).replaceWithVoid();
    }

    private Snapshot snapshotOf(Volume v, CreateSnapshotRequest r, Map<String, String> given) {
        Snapshot s = new Snapshot();
        s.snapshotId = Ids.newId("snap");
        s.accountId = v.accountId;
        s.volumeId = v.volumeId;
        s.volumeSize = v.size;
        s.encrypted = v.encrypted;
        s.state = Snapshot.PENDING;
        s.description = r.description();
        s.startTime = Instant.now();
        Duration copying = Duration.ofMillis(Math.max(config.tick().toMillis(), config.snapshotMillisPerGib() * v.size));
        s.completeAt = s.startTime.plus(copying);
        Map<String, String> tags = new LinkedHashMap<>();
        if ("volume".equals(r.copyTagsFromSource())) {
            tags.putAll(TagsConverter.fromJson(v.tagsJson));
        }
        tags.putAll(given);
        s.tagsJson = TagsConverter.toJson(tags);
        return s;
    }
}
