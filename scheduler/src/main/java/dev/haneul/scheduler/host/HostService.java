package dev.haneul.scheduler.host;

import dev.haneul.kit.error.ApiException;
import dev.haneul.scheduler.config.SchedulerConfig;
import dev.haneul.scheduler.host.api.HostListView;
import dev.haneul.scheduler.host.api.HostView;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.HostStore;
import dev.haneul.scheduler.placement.filter.AliveFilter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
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

    public Uni<HostListView> list(int limit, String nextToken, String availabilityZone) {
        String after = decodeToken(nextToken);
        String where = "hostId > :after" + (availabilityZone == null ? "" : " and availabilityZone = :az");
        Parameters params = Parameters.with("after", after);
        if (availabilityZone != null) {
            params = params.and("az", availabilityZone);
        }
        Parameters p = params;
        return Panache.withSession(() -> Host.<Host>find(where + " order by hostId", p).range(0, limit).list())
                .map(found -> {   // range is inclusive: one more than a page tells whether there is a next one
                    Instant now = clock.instant();
                    List<Host> page = found.size() > limit ? found.subList(0, limit) : found;
                    List<HostView> views = page.stream().map(h -> view(h, now)).toList();
                    String next = found.size() > limit ? encodeToken(page.get(page.size() - 1).hostId) : null;
                    return new HostListView(views, next);
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

    private static String encodeToken(String hostId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hostId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        if (token == null || token.isBlank()) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("The nextToken '" + token + "' is not valid");
        }
    }
}
