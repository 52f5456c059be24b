package dev.haneul.scheduler.placement;

import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.scheduler.config.SchedulerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Places instances and releases their capacity. Runs inside the consuming transaction: the claim, the
 * allocation row and the outgoing event commit together. A claim is a conditional update on the host's
 * generation; when every host tried changed under us, the transaction fails as an optimistic-lock conflict and
 * the event processor runs it again on fresh data.
 */
@ApplicationScoped
public class PlacementService {
    private static final Logger LOG = Logger.getLogger(PlacementService.class);

    private final HostStore hosts;
    private final GroupResolver groups;
    private final PlacementPipeline pipeline;
    private final Outbox outbox;
    private final SchedulerConfig config;
    private final List<String> zones;

    public PlacementService(HostStore hosts, GroupResolver groups, PlacementPipeline pipeline, Outbox outbox, SchedulerConfig config,
            @ConfigProperty(name = "haneul.availability-zones") List<String> zones) {
        this.hosts = hosts;
        this.groups = groups;
        this.pipeline = pipeline;
        this.outbox = outbox;
        this.config = config;
        this.zones = zones;
    }

    public Uni<Void> place(InstanceRequested r) {
        return Allocation.<Allocation>findById(r.instanceId()).chain(existing -> {
            if (existing != null && existing.attempt >= r.attempt()) {
                return Uni.createFrom().voidItem();   // already placed for this attempt (or a later one)
            }
            Uni<Void> freed = existing == null ? Uni.createFrom().voidItem() : hosts.release(existing).replaceWithVoid();
            return freed.chain(() -> groups.resolve(r)).chain(group -> {
                if (group.isEmpty() && r.placementGroupId() != null) {
                    return fail(r, existing, "InvalidPlacementGroup.Unknown",
                            "The Placement Group '" + r.placementGroupId() + "' is unknown.");
                }
                PlacementRequest request = PlacementRequest.of(r, group.orElse(null), Instant.now());
                return hosts.inZone(r.availabilityZone()).chain(candidates -> {
                    Ranking ranking = pipeline.rank(candidates, request);
                    if (ranking.isEmpty()) {
                        LOG.infof("no host for %s (%s in %s): %d candidates, rejected %s", r.instanceId(),
                                r.instanceType(), r.availabilityZone(), candidates.size(), ranking.rejections());
                        return fail(r, existing, CapacityMessages.INSUFFICIENT_CAPACITY,
                                CapacityMessages.insufficientCapacity(r.instanceType(), r.availabilityZone(), zones));
                    }
                    return claim(ranking.hosts(), 0, request, r, existing);
                });
            });
        });
    }

    private Uni<Void> claim(List<HostState> ranked, int i, PlacementRequest request, InstanceRequested r,
            Allocation existing) {
        if (i >= Math.min(ranked.size(), Math.max(1, config.claimAttempts()))) {
            return Uni.createFrom().failure(new OptimisticLockException("hosts changed while placing "
                    + r.instanceId() + "; retrying on fresh data"));
        }
        HostState host = ranked.get(i);
        return hosts.claim(host, request).chain(rows -> rows == 1 ? record(host, request, r, existing)
                : claim(ranked, i + 1, request, r, existing));
    }

    private Uni<Void> record(HostState host, PlacementRequest request, InstanceRequested r, Allocation existing) {
        Allocation a = existing == null ? new Allocation() : existing;
        a.instanceId = r.instanceId();
        a.accountId = r.accountId();
        a.attempt = r.attempt();
        a.hostId = host.hostId();
        a.instanceType = r.instanceType();
        a.vcpus = r.vcpus();
        a.memoryMib = r.memoryMib();
        a.gpus = r.gpus();
        a.placementGroupId = request.group() == null ? null : request.group().groupId();
        a.partitionNumber = request.group() == null ? null : request.group().targetPartition();
        a.createdAt = Instant.now();
        Uni<?> saved = existing == null ? a.persist() : Uni.createFrom().item(a);
        return saved.chain(() -> outbox.publish(new InstanceScheduled(r.accountId(), r.instanceId(), r.attempt(),
                Instant.now(), host.hostId(), host.availabilityZone(), r.instanceType(), r.vcpus(), r.memoryMib())));
    }

    private Uni<Void> fail(InstanceRequested r, Allocation existing, String code, String message) {
        Uni<?> dropped = existing == null ? Uni.createFrom().voidItem() : existing.delete();
        return dropped.chain(() -> outbox.publish(new InstanceScheduleFailed(r.accountId(), r.instanceId(),
                r.attempt(), Instant.now(), code, message)));
    }

    /** Gives the instance's capacity back, whatever the attempt; nothing when it holds none. Idempotent. */
    public Uni<Void> release(String instanceId) {
        return Allocation.<Allocation>findById(instanceId).chain(a -> a == null ? Uni.createFrom().voidItem()
                : hosts.releaseAndDelete(a));
    }

    /**
     * The audit, run on every heartbeat of a host: an allocation older than the grace period whose instance the
     * host does not report running no longer exists (its launch was abandoned, or the host lost it), so its
     * capacity is released.
     */
    public Uni<Void> audit(String hostId, Instant at, List<String> runningInstanceIds) {
        Instant before = at.minus(config.auditGrace());
        return Allocation.<Allocation>list("hostId = ?1 and createdAt < ?2", hostId, before).chain(stale -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Allocation a : stale) {
                if (runningInstanceIds == null || !runningInstanceIds.contains(a.instanceId)) {
                    LOG.warnf("audit: %s holds capacity on %s but the host does not run it; releasing",
                            a.instanceId, hostId);
                    chain = chain.chain(() -> hosts.releaseAndDelete(a));
                }
            }
            return chain;
        });
    }
}
