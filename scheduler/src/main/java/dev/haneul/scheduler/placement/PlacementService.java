package dev.haneul.scheduler.placement;

import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceScheduleFailed;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.scheduler.config.SchedulerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Places instances and releases their capacity. Runs inside the consuming transaction: the claim, the
 * allocation row and the outgoing event commit together. The candidates come from this replica's
 * {@link HostCache}; a claim is a conditional update that checks the capacity on the committed row; when every
 * host tried refused the claim, the transaction fails as an optimistic-lock conflict and the event processor runs
 * it again (with the refused hosts re-read). A request is refused for want of capacity only after the zone was
 * ranked on what the database holds.
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
    private final HostCache cache;
    private final Clock clock;

    @Inject
    public PlacementService(HostStore hosts, GroupResolver groups, PlacementPipeline pipeline, Outbox outbox,
            SchedulerConfig config, @ConfigProperty(name = "haneul.availability-zones") List<String> zones,
            HostCache cache, Clock clock) {
        this.hosts = hosts;
        this.groups = groups;
        this.pipeline = pipeline;
        this.outbox = outbox;
        this.config = config;
        this.zones = zones;
        this.cache = cache;
        this.clock = clock;
    }

    public Uni<Void> place(InstanceRequested r) {
        return Allocation.<Allocation>findById(r.instanceId()).chain(existing -> {
            if (existing != null && existing.attempt > r.attempt()) {
                return Uni.createFrom().voidItem();   // a late request of an earlier attempt
            }
            if (existing != null && existing.attempt == r.attempt()) {
                return answerAgain(existing, r);      // already placed: compute-api asks again, its answer was lost
            }
            Uni<Void> freed = existing == null ? Uni.createFrom().voidItem() : hosts.release(existing).replaceWithVoid();
            return freed.chain(() -> groups.resolve(r)).chain(group -> {
                if (group.isEmpty() && r.placementGroupId() != null) {
                    return fail(r, existing, "InvalidPlacementGroup.Unknown",
                            "The Placement Group '" + r.placementGroupId() + "' is unknown.");
                }
                PlacementRequest request = PlacementRequest.of(r, group.orElse(null), clock.instant());
                return cache.hosts(r.availabilityZone()).chain(candidates -> {
                    Ranking ranking = pipeline.rank(candidates, request);
                    if (!ranking.isEmpty()) {
                        return claim(ranking.hosts(), request, r, existing);
                    }
                    // nothing fits in this replica's view: look at what the database holds before refusing
                    return cache.fresh(r.availabilityZone()).chain(fresh -> {
                        Ranking exact = pipeline.rank(fresh, request);
                        if (exact.isEmpty()) {
                            return refuse(r, existing, fresh, exact);
                        }
                        return claim(exact.hosts(), request, r, existing);
                    });
                });
            });
        });
    }

    private Uni<Void> refuse(InstanceRequested r, Allocation existing, Collection<HostState> candidates,
            Ranking ranking) {
        LOG.debugf("no host for %s (%s in %s): %d candidates, rejected %s", r.instanceId(), r.instanceType(),
                r.availabilityZone(), candidates.size(), ranking.rejections());
        return fail(r, existing, CapacityMessages.INSUFFICIENT_CAPACITY,
                CapacityMessages.insufficientCapacity(r.instanceType(), r.availabilityZone(), zones));
    }

    /**
     * Claims one of the ranked hosts. First the one no concurrent placement is claiming right now (skip-locked),
     * which almost never waits; when every candidate is full or being claimed, the best one is claimed the plain
     * way (waiting for its row lock). Either way the conditional UPDATE decides. When that fails too, the
     * candidates are re-read into this replica's view and the transaction is retried.
     */
    private Uni<Void> claim(List<HostState> ranked, PlacementRequest request, InstanceRequested r,
            Allocation existing) {
        List<HostState> candidates = ranked.subList(0, Math.min(ranked.size(), Math.max(1, config.claimCandidates())));
        return hosts.lockFreeCandidate(candidates, request).chain(free -> {
            HostState first = free == null ? candidates.get(0)
                    : candidates.stream().filter(h -> h.hostId().equals(free)).findFirst().orElseThrow();
            return hosts.claim(first, request).chain(rows -> {
                if (rows == 1) {
                    cache.claimed(first, request);
                    return record(first, request, r, existing);
                }
                return reread(candidates).chain(() -> Uni.createFrom().failure(new OptimisticLockException(
                        "hosts changed while placing " + r.instanceId() + "; retrying on fresh data")));
            });
        });
    }

    private Uni<Void> reread(List<HostState> candidates) {
        List<String> ids = candidates.stream().map(HostState::hostId).toList();
        return hosts.some(ids).invoke(fresh -> {
            Map<String, HostState> byId = new HashMap<>();
            fresh.forEach(h -> byId.put(h.hostId(), h));
            ids.forEach(id -> cache.update(id, byId.get(id)));
        }).replaceWithVoid();
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
        a.createdAt = clock.instant();
        Uni<?> saved = existing == null ? a.persist() : Uni.createFrom().item(a);
        return saved.chain(() -> outbox.publish(new InstanceScheduled(r.accountId(), r.instanceId(), r.attempt(),
                clock.instant(), host.hostId(), host.availabilityZone(), r.instanceType(), r.vcpus(), r.memoryMib())));
    }

    /**
     * A repeated request of an attempt already placed (compute-api's step deadline publishes it again when no
     * answer came): the same answer, the same host, no second claim.
     */
    private Uni<Void> answerAgain(Allocation a, InstanceRequested r) {
        return hosts.one(a.hostId).chain(host -> outbox.publish(new InstanceScheduled(a.accountId, a.instanceId,
                a.attempt, clock.instant(), a.hostId, host == null ? r.availabilityZone() : host.availabilityZone(),
                a.instanceType, a.vcpus, a.memoryMib)));
    }

    private Uni<Void> fail(InstanceRequested r, Allocation existing, String code, String message) {
        Uni<?> dropped = existing == null ? Uni.createFrom().voidItem() : existing.delete();
        return dropped.chain(() -> outbox.publish(new InstanceScheduleFailed(r.accountId(), r.instanceId(),
                r.attempt(), clock.instant(), code, message)));
    }

    /** Gives the instance's capacity back, whatever the attempt and whatever state its host is in. Idempotent. */
    public Uni<Void> release(String instanceId) {
        return Allocation.<Allocation>findById(instanceId).chain(a -> a == null ? Uni.createFrom().voidItem()
                : hosts.releaseAndDelete(a));
    }

    /**
     * The audit, for a batch of the hosts' latest heartbeats: an allocation older than the grace period (at the
     * heartbeat's time) whose instance the host does not report running no longer exists (its launch was
     * abandoned, or the host lost it), so its capacity is released. One query for the whole batch.
     */
    public Uni<Void> audit(Collection<HostHeartbeat> heartbeats) {
        if (heartbeats.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, HostHeartbeat> byHost = new HashMap<>();
        Instant latest = Instant.EPOCH;
        for (HostHeartbeat hb : heartbeats) {
            byHost.put(hb.hostId(), hb);
            latest = hb.at().isAfter(latest) ? hb.at() : latest;
        }
        Instant before = latest.minus(config.auditGrace());
        return Allocation.<Allocation>list("hostId in ?1 and createdAt < ?2", new ArrayList<>(byHost.keySet()), before)
                .chain(candidates -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Allocation a : candidates) {
                        HostHeartbeat hb = byHost.get(a.hostId);
                        Set<String> running = hb.instanceIds() == null ? Set.of() : new HashSet<>(hb.instanceIds());
                        if (a.createdAt.isBefore(hb.at().minus(config.auditGrace())) && !running.contains(a.instanceId)) {
                            LOG.warnf("audit: %s holds capacity on %s but the host does not run it; releasing",
                                    a.instanceId, a.hostId);
                            chain = chain.chain(() -> hosts.releaseAndDelete(a));
                        }
                    }
                    return chain;
                });
    }
}
