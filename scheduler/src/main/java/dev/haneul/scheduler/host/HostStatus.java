package dev.haneul.scheduler.host;

import dev.haneul.events.host.HostStatusChanged;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.scheduler.placement.HostState;
import dev.haneul.scheduler.placement.HostStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * A host's status as {@code HostStatusChanged} announces it: {@code down} (missed heartbeats) wins over the admin
 * flags ({@code disabled}, then {@code draining}), otherwise {@code up}. Published through the outbox, in the
 * transaction of the change, only when the status really changed.
 */
@ApplicationScoped
public class HostStatus {
    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String DISABLED = "disabled";
    public static final String DRAINING = "draining";

    private final HostStore store;
    private final Outbox outbox;

    public HostStatus(HostStore store, Outbox outbox) {
        this.store = store;
        this.outbox = outbox;
    }

    public static String of(boolean down, boolean enabled, boolean draining) {
        return down ? DOWN : !enabled ? DISABLED : draining ? DRAINING : UP;
    }

    public static String of(HostState h) {
        return of(h.down(), h.enabled(), h.draining());
    }

    /** Publishes the host's status with the instances it holds, if it differs from {@code before}. */
    public Uni<Void> publishIfChanged(String before, HostState after, Instant at, String reason) {
        String status = of(after);
        if (status.equals(before)) {
            return Uni.createFrom().voidItem();
        }
        return store.instanceIds(after.hostId()).chain(ids -> outbox.publish(new HostStatusChanged(after.hostId(), at,
                after.availabilityZone(), status, reason, ids)));
    }
}
