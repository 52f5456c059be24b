package dev.haneul.volume.instance;

import dev.haneul.events.instance.InstanceEvent;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceScheduled;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceStopping;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.events.instance.InstanceTerminating;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps {@link InstanceRef} up to date from the instance's lifecycle events. Events of an earlier attempt
 * are ignored, and a terminated instance stays terminated.
 */
@ApplicationScoped
public class InstanceProjection {

    /** The instance, registered on first sight (the caller fills in the zone and state). */
    public Uni<InstanceRef> findOrCreate(InstanceEvent e, String availabilityZone) {
        return InstanceRef.<InstanceRef>findById(e.instanceId()).chain(ref -> {
            if (ref != null) {
                return Uni.createFrom().item(ref);
            }
            InstanceRef created = new InstanceRef();
            created.instanceId = e.instanceId();
            created.accountId = e.accountId();
            created.availabilityZone = availabilityZone;
            created.state = InstanceRef.PENDING;
            created.attempt = e.attempt();
            created.updatedAt = e.at();
            return created.<InstanceRef>persist();
        });
    }

    /** True when {@code e} is current for {@code ref}: not of an earlier attempt, not after termination. */
    public static boolean isCurrent(InstanceRef ref, InstanceEvent e) {
        return !ref.isTerminated() && e.attempt() >= ref.attempt;
    }

    /**
     * Applies a lifecycle event that only changes the instance's state or host (InstanceScheduled, InstanceRunning
     * carry the host); other events are ignored.
     */
    public Uni<Void> onLifecycle(InstanceEvent e) {
        if (e instanceof InstanceScheduled s && s.availabilityZone() != null) {
            return findOrCreate(e, s.availabilityZone()).invoke(ref -> {
                if (isCurrent(ref, e)) {
                    ref.attempt = e.attempt();
                    ref.hostId = s.hostId();
                    ref.updatedAt = e.at();
                }
            }).replaceWithVoid();
        }
        String state;
        String zone;
        String host = null;
        if (e instanceof InstanceRunning r) {
            host = r.hostId();
            state = InstanceRef.RUNNING;
            zone = r.availabilityZone();
        } else if (e instanceof InstanceStopping s) {
            state = InstanceRef.STOPPING;
            zone = s.availabilityZone();
        } else if (e instanceof InstanceStopped s) {
            state = InstanceRef.STOPPED;
            zone = s.availabilityZone();
        } else if (e instanceof InstanceTerminating t) {
            state = InstanceRef.SHUTTING_DOWN;
            zone = t.availabilityZone();
        } else {
            return Uni.createFrom().voidItem();
        }
        if (zone == null) {
            return Uni.createFrom().voidItem();
        }
        String hostId = host;
        return findOrCreate(e, zone).invoke(ref -> {
            if (isCurrent(ref, e)) {
                if (hostId != null) {
                    ref.hostId = hostId;
                }
                ref.state = state;
                ref.attempt = e.attempt();
                ref.updatedAt = e.at();
            }
        }).replaceWithVoid();
    }

    /** The instance is terminated for good; returns its projection. */
    public Uni<InstanceRef> onTerminated(InstanceTerminated e) {
        String zone = e.availabilityZone() == null ? "" : e.availabilityZone();
        return findOrCreate(e, zone).invoke(ref -> {
            ref.state = InstanceRef.TERMINATED;
            ref.attempt = Math.max(ref.attempt, e.attempt());
            ref.updatedAt = e.at();
        });
    }
}
