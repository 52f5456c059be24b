package dev.haneul.volume.volume;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.volume.common.TagLimits;
import dev.haneul.volume.common.TagsConverter;
import dev.haneul.volume.common.VolumeRuleException;
import dev.haneul.volume.common.Writes;
import dev.haneul.volume.config.VolumeConfig;
import dev.haneul.volume.quota.QuotaExceeded;
import dev.haneul.volume.quota.QuotaWrites;
import dev.haneul.volume.quota.VolumeQuotas.Claim;
import dev.haneul.volume.store.BlockStore;
import dev.haneul.volume.volume.api.CreateVolumeRequest;
import dev.haneul.volume.volume.api.VolumeListView;
import dev.haneul.volume.volume.api.VolumeView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Describe, create and delete an account's volumes. A create reserves the volume's GiB against the account's quota
 * of its type ({@code VolumeLimitExceeded}) and publishes {@code VolumeCreated}; a delete ends in
 * {@code VolumeDeleted} when the volume reaches {@code deleted} ({@code lifecycle/Progression}), which gives the
 * GiB back. A volume made from a snapshot starts with the snapshot's data where there is a block store.
 */
@ApplicationScoped
public class VolumeService {
    private final VolumeLookup volumes;
    private final SnapshotSource snapshots;
    private final VolumeConfig config;
    private final Outbox outbox;
    private final QuotaWrites writes;
    private final List<String> zones;
    private final BlockStore store;

    public VolumeService(VolumeLookup volumes, SnapshotSource snapshots, VolumeConfig config, Outbox outbox,
            QuotaWrites writes, BlockStore store, @ConfigProperty(name = "haneul.availability-zones",
                    defaultValue = "kr-central-1a,kr-central-1b,kr-central-1c") List<String> zones) {
        this.volumes = volumes;
        this.snapshots = snapshots;
        this.config = config;
        this.outbox = outbox;
        this.writes = writes;
        this.zones = zones;
        this.store = store;
    }

    public Uni<VolumeListView> list(VolumeQuery query, PageRequest paging) {
        return Panache.withSession(() -> query.fetch(paging))
                .map(rows -> paging.pageById(rows, v -> v.volumeId, VolumeView::of))
                .map(page -> new VolumeListView(page.items(), page.nextToken()));
    }

    public Uni<VolumeView> get(String accountId, String volumeId) {
        return Panache.withSession(() -> volumes.find(accountId, volumeId)).map(VolumeView::of);
    }

    public Uni<VolumeView> create(String accountId, CreateVolumeRequest request) {
        if (!zones.contains(request.availabilityZone())) {
            throw ApiException.invalidParameter("The availability zone '" + request.availabilityZone() + "' does not exist.");
        }
        var tags = TagsConverter.toMap(request.tags());
        try {
            TagLimits.check(tags);
        } catch (VolumeRuleException e) {
            throw ApiException.badRequest(e.code(), e.getMessage());
        }
        return writes.transactionally(accountId, quota -> snapshotOf(accountId, request.snapshotId()).chain(snapshot -> {
            Volume v = new Volume();
            v.volumeId = Ids.newId("vol");
            v.accountId = accountId;
            v.availabilityZone = request.availabilityZone();
            v.apply(spec(request, snapshot));
            v.encrypted = Boolean.TRUE.equals(request.encrypted()) || (snapshot != null && snapshot.encrypted());
            v.snapshotId = request.snapshotId();
            v.state = Volume.CREATING;
            v.createTime = Instant.now();
            v.transitionAt = v.createTime.plus(config.createDelay());
            v.tagsJson = TagsConverter.toJson(tags);
            return quota.reserve(List.of(new Claim(v.volumeType, v.volumeId, v.size)))
                    .onFailure(QuotaExceeded.class).transform(VolumeService::refused)
                    .chain(() -> v.<Volume>persist())
                    .call(() -> snapshot == null ? Uni.createFrom().voidItem()
                            : store.restore(snapshot.snapshotId(), v.volumeId, v.size))
                    .call(() -> outbox.publish(VolumeEvents.created(v, null)));
        })).map(VolumeView::of);
    }

    public Uni<Void> delete(String accountId, String volumeId) {
        return Writes.transactionally(() -> volumes.findLive(accountId, volumeId).invoke(v -> {
            if (Volume.IN_USE.equals(v.state)) {
                throw ApiException.conflict("VolumeInUse",
                        "Volume " + volumeId + " is currently attached to " + v.instanceId + ".");
            }
            if (!Volume.AVAILABLE.equals(v.state)) {
                throw ApiException.conflict("IncorrectState",
                        "The volume '" + volumeId + "' is in the '" + v.state + "' state.");
            }
            v.state = Volume.DELETING;
            v.transitionAt = Instant.now().plus(config.deleteDelay());
        })).replaceWithVoid();
    }

    private Uni<SnapshotSource.Source> snapshotOf(String accountId, String snapshotId) {
        if (snapshotId == null) {
            return Uni.createFrom().nullItem();
        }
        return snapshots.completed(accountId, snapshotId);
    }

    private VolumeSpec spec(CreateVolumeRequest r, SnapshotSource.Source snapshot) {
        Integer size = r.size() != null ? r.size() : snapshot == null ? null : snapshot.volumeSize();
        if (snapshot != null && size < snapshot.volumeSize()) {
            throw ApiException.invalidParameter("The volume size " + size + " GiB is smaller than the snapshot's "
                    + snapshot.volumeSize() + " GiB.");
        }
        return rules(r.volumeType() == null ? config.defaultType() : r.volumeType(), size, r.iops(), r.throughput());
    }

    /** A quota refusal as the API's 400 with EC2's code ({@code VolumeLimitExceeded}, {@code SnapshotLimitExceeded}). */
    public static ApiException refused(Throwable e) {
        QuotaExceeded q = (QuotaExceeded) e;
        return ApiException.badRequest(q.code(), q.getMessage());
    }

    /** The rules of {@link VolumeRules} as API errors. */
    static VolumeSpec rules(String type, Integer size, Integer iops, Integer throughput) {
        try {
            return VolumeRules.resolve(type, size, iops, throughput);
        } catch (VolumeRuleException e) {
            throw ApiException.badRequest(e.code(), e.getMessage());
        }
    }
}
