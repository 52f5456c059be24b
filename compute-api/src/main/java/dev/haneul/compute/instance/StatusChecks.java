package dev.haneul.compute.instance;

import dev.haneul.events.host.HostHeartbeat;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Instance status checks, fed by the hosts' heartbeats: a running instance its host lists is {@code ok}, one
 * its host no longer lists is {@code impaired}; before the first heartbeat after a boot it is
 * {@code initializing} for the first minutes, then {@code ok}. The system status check is {@code impaired}
 * while the scheduler reports the instance's host down (HostStatusChanged), {@code ok} otherwise.
 */
public final class StatusChecks {
    /** How long a freshly running instance reports {@code initializing} without a heartbeat. */
    public static final Duration INITIALIZING = Duration.ofMinutes(2);

    private StatusChecks() {
    }

    /** The status checks of one instance as {@code DescribeInstanceStatus} shows them. */
    public record View(String instanceId, String instanceState, String availabilityZone, Status instanceStatus,
            Status systemStatus) {
    }

    public record Status(String status) {
    }

    public static View of(Instance i, Instant now) {
        if (i.state != InstanceState.RUNNING) {
            return new View(i.instanceId, i.state.label(), i.availabilityZone, new Status("not-applicable"),
                    new Status("not-applicable"));
        }
        String s = i.instanceStatus != null ? i.instanceStatus
                : i.launchTime != null && i.launchTime.plus(INITIALIZING).isAfter(now) ? "initializing" : "ok";
        String system = "impaired".equals(i.systemStatus) ? "impaired" : "initializing".equals(s) ? "initializing"
                : "ok";
        return new View(i.instanceId, i.state.label(), i.availabilityZone, new Status(s), new Status(system));
    }

    /** One heartbeat: listed running instances of the host are ok, unlisted ones running before it impaired. */
    public static Uni<Void> onHeartbeat(HostHeartbeat h) {
        var listed = h.instanceIds() == null || h.instanceIds().isEmpty() ? List.of("-")
                : h.instanceIds();
        Parameters p = Parameters.with("host", h.hostId()).and("running", InstanceState.RUNNING).and("ids", listed);
        return Instance.update("instanceStatus = 'ok' where hostId = :host and state = :running"
                + " and instanceId in :ids", p)
                .chain(() -> Instance.update("instanceStatus = 'impaired' where hostId = :host and state = :running"
                        + " and instanceId not in :ids and launchTime < :at", p.and("at", h.at())))
                .replaceWithVoid();
    }
}
