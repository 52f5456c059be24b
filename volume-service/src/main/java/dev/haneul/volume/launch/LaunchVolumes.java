package dev.haneul.volume.launch;

import dev.haneul.events.HaneulEvent;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.instance.BlockDevice;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.events.instance.InstanceVolumesFailed;
import dev.haneul.kit.Ids;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.volume.common.VolumeRuleException;
import dev.haneul.volume.config.VolumeConfig;
import dev.haneul.volume.instance.InstanceProjection;
import dev.haneul.volume.instance.InstanceRef;
import dev.haneul.volume.quota.QuotaExceeded;
import dev.haneul.volume.quota.QuotaTracker;
import dev.haneul.volume.quota.VolumeQuotas.Claim;
import dev.haneul.volume.snapshot.Snapshot;
import dev.haneul.volume.store.BlockStore;
import dev.haneul.volume.volume.Volume;
import dev.haneul.volume.volume.VolumeEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The volume step of the launch saga. On a launch it creates the instance's root and extra volumes
 * attached at their devices, tagged with the launch's volume tags, publishes {@code VolumeCreated} (with the
 * instance id) and {@code VolumeAttached} for each, and answers {@code InstanceVolumesAttached} (or
 * {@code InstanceVolumesFailed} when a block device breaks a rule or the volumes do not fit in the account's quotas:
 * {@code Client.VolumeLimitExceeded}); on a start it answers with the volumes the
 * instance already has; on termination it detaches every volume ({@code VolumeDetached}) and deletes those
 * marked delete-on-termination ({@code VolumeDeleted}). Runs inside the consumer's transaction.
 */
@ApplicationScoped
public class LaunchVolumes {
    private final Outbox outbox;
    private final InstanceProjection instances;
    private final VolumeConfig config;
    private final BlockStore store;

    public LaunchVolumes(Outbox outbox, InstanceProjection instances, VolumeConfig config, BlockStore store) {
        this.store = store;
        this.outbox = outbox;
        this.instances = instances;
        this.config = config;
    }

    public Uni<Void> onRequested(InstanceRequested e, QuotaTracker quota) {
        return instances.findOrCreate(e, e.availabilityZone()).chain(ref -> {
            if (!InstanceProjection.isCurrent(ref, e)) {
                return Uni.createFrom().voidItem();
            }
            if (e.attempt() != ref.attempt) {
                ref.hostId = null; // the new attempt is scheduled afresh
            }
            ref.attempt = e.attempt();
            ref.state = InstanceRef.PENDING;
            ref.updatedAt = e.at();
            return attachedTo(e.instanceId()).chain(existing -> e.attempt() == 0 && existing.isEmpty()
                    ? create(e, quota)
                    : outbox.publish(attachedEvent(e, existing)));
        });
    }

    public Uni<Void> onTerminated(InstanceTerminated e, QuotaTracker quota) {
        Instant now = Instant.now();
        return instances.onTerminated(e)
                .chain(ref -> Volume.<Volume>list("instanceId = ?1 order by volumeId", e.instanceId()))
                .chain(volumes -> {
                    List<HaneulEvent> events = new ArrayList<>();
                    List<String> deleted = new ArrayList<>();
                    for (Volume v : volumes) {
                        if (v.isAnnouncedAttached()) {
                            events.add(VolumeEvents.detached(v, now));
                        }
                        if (v.deleteOnTermination) {
                            events.add(VolumeEvents.deleted(v, now));
                            v.markDeleted(now);
                            quota.freed(v.accountId, List.of(v.volumeId));
                            deleted.add(v.volumeId);
                        } else {
                            v.detach();
                        }
                    }
                    // the host has destroyed the guest before the instance is terminated: no mount holds them
                    return outbox.publishAll(events).call(() -> store.deleteVolumes(deleted));
                });
    }

    private Uni<List<Volume>> attachedTo(String instanceId) {
        return Volume.list("instanceId = ?1 and state = ?2 order by rootDevice desc, device", instanceId,
                Volume.IN_USE);
    }

    private Uni<Void> create(InstanceRequested e, QuotaTracker quota) {
        List<BlockDevice> devices = e.blockDevices() == null ? List.of() : e.blockDevices();
        List<String> snapshotIds = devices.stream().map(BlockDevice::snapshotId).filter(Objects::nonNull).toList();
        Uni<List<Snapshot>> snapshots = snapshotIds.isEmpty() ? Uni.createFrom().item(List.of())
                : Snapshot.list("snapshotId in ?1 and accountId = ?2", snapshotIds, e.accountId());
        return snapshots.chain(found -> {
            Map<String, Snapshot> byId = found.stream().collect(Collectors.toMap(s -> s.snapshotId, Function.identity()));
            List<Volume> volumes;
            try {
                volumes = new BlockDevicePlan(config.defaultType(), byId).volumes(e, Instant.now());
            } catch (VolumeRuleException failure) {
                return outbox.publish(new InstanceVolumesFailed(e.accountId(), e.instanceId(), e.attempt(),
                        Instant.now(), "Client." + failure.code(), failure.getMessage()));
            }
            List<HaneulEvent> events = new ArrayList<>();
            for (Volume v : volumes) {
                events.add(VolumeEvents.created(v, e.instanceId()));
                events.add(VolumeEvents.attached(v, v.createTime));
            }
            events.add(attachedEvent(e, volumes));
            if (volumes.isEmpty()) {
                return outbox.publishAll(events);
            }
            List<Claim> claims = volumes.stream().map(v -> new Claim(v.volumeType, v.volumeId, v.size)).toList();
            // all the launch's volumes fit in the account's quotas, or none is created and the launch fails
            return quota.ensure(e.accountId())
                    .chain(() -> quota.reservations(e.accountId()).reserve(claims))
                    .chain(() -> Volume.persist(volumes).call(() -> restore(volumes))
                            .chain(() -> outbox.publishAll(events)))
                    .onFailure(QuotaExceeded.class).recoverWithUni(refused -> outbox.publish(new InstanceVolumesFailed(
                            e.accountId(), e.instanceId(), e.attempt(), Instant.now(),
                            "Client." + ((QuotaExceeded) refused).code(), refused.getMessage())));
        });
    }

    /** Extra volumes made from a snapshot start with its data (the root's comes from the image, on the host). */
    private Uni<Void> restore(List<Volume> volumes) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Volume v : volumes) {
            if (!v.rootDevice && v.snapshotId != null) {
                chain = chain.call(() -> store.restore(v.snapshotId, v.volumeId, v.size));
            }
        }
        return chain;
    }

    private static InstanceVolumesAttached attachedEvent(InstanceRequested e, List<Volume> volumes) {
        List<AttachedVolume> attached = volumes.stream()
                .map(v -> new AttachedVolume(v.volumeId, v.device, v.size, v.volumeType, v.deleteOnTermination,
                        v.rootDevice))
                .toList();
        return new InstanceVolumesAttached(e.accountId(), e.instanceId(), e.attempt(), Instant.now(), attached);
    }

    /** Newly created volume ids. */
    static String newVolumeId() {
        return Ids.newId("vol");
    }
}
