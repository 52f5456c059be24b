package dev.haneul.scheduler.host;

import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.host.api.HostListView;
import dev.haneul.scheduler.host.api.HostView;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.HostStore;
import dev.haneul.scheduler.placement.filter.AliveFilter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The admin view of the fleet: listing hosts and taking them out of (or back into) service. */
@ApplicationScoped
public class HostService {
    private final HostStore store;
    private final HostStatus status;
    private final SchedulerConfig config;
    private final Clock clock;

    public HostService(HostStore store, HostStatus status, SchedulerConfig config, Clock clock) {
        this.store = store;
        this.status = status;
        this.config = config;
        this.clock = clock;
    }

    /** One page of the fleet in host id order, optionally of one zone. */
    public Uni<HostListView> list(PageRequest paging, String availabilityZone) {
        PageRequest.Keyset k = paging.keyset("hostId", "availabilityZone", availabilityZone);
        return Panache.withSession(() -> Host.<Host>find(k.query(), k.params()).range(0, paging.limit()).list())
                .map(found -> {
                    Instant now = clock.instant();
                    Page<HostView> page = paging.pageById(found, h -> h.hostId, h -> view(h, now));
                    return new HostListView(page.items(), page.nextToken());
                });
    }

    public Uni<HostView> get(String hostId) {
        return Panache.withSession(() -> Host.<Host>findById(hostId)).map(h -> {
            if (h == null) {
                throw notFound(hostId);
            }
            return view(h, clock.instant());
        });
    }

    /**
     * Sets the admin flags (disable: not enabled; drain: enabled but taking no new instances) and, when the host's
     * status changes, publishes {@code HostStatusChanged} (disabled, draining or up; nothing while it is down).
     */
    public Uni<HostView> setFlags(String hostId, boolean enabled, boolean draining) {
        String action = !enabled ? "disabled" : draining ? "drained" : "enabled";
        return Panache.withTransaction(() -> store.one(hostId).chain(before -> {
            if (before == null) {
                return Uni.createFrom().failure(notFound(hostId));
            }
            return store.setFlags(hostId, enabled, draining).chain(rows -> rows == 0 ? Uni.createFrom().voidItem()
                    : store.one(hostId).chain(after -> status.publishIfChanged(HostStatus.of(before), after,
                            clock.instant(), action + " by an administrator")));
        })).chain(() -> get(hostId));
    }

    private HostView view(Host h, Instant now) {
        HostState s = new HostState(h.hostId, h.availabilityZone, h.rack, h.enabled, h.draining, h.markedDown,
                h.lastSeenAt, h.vcpus, h.memoryMib, h.gpus, h.families, h.cpuOvercommit, h.memoryOvercommit,
                h.usedVcpus, h.usedMemoryMib, h.usedGpus, h.instanceCount, h.generation);
        String state = !h.enabled ? "disabled"
                : h.markedDown || !AliveFilter.isAlive(h.lastSeenAt, now, config.heartbeatWindow()) ? "down"
                : h.draining ? "draining" : "available";
        return new HostView(h.hostId, h.agentId, h.availabilityZone, h.rack, state, List.copyOf(s.families()),
                h.vcpus, h.usedVcpus, s.freeVcpus(), h.memoryMib, h.usedMemoryMib, s.freeMemoryMib(), h.diskGib,
                h.gpus, h.gpuModel, h.usedGpus, h.instanceCount, h.cpuOvercommit, h.memoryOvercommit,
                h.registeredAt, h.lastSeenAt);
    }

    private static ApiException notFound(String hostId) {
        return ApiException.notFound("InvalidHostID.NotFound", "The host ID '" + hostId + "' does not exist");
    }
}
