package dev.haneul.events.host;

import dev.haneul.events.HaneulEvent;
import java.time.Instant;

/**
 * A fact reported by a host agent (or, for {@link HostStatusChanged}, by the scheduler), on {@code host-events},
 * keyed by the host id.
 */
public sealed interface HostEvent extends HaneulEvent permits HostRegistered, HostHeartbeat, InstanceBooted,
        InstanceBootFailed, InstancePoweredOff, InstanceDestroyed, InstanceShutdownInitiated,
        VolumeAttachedToHost, VolumeDetachedFromHost, HostStatusChanged {

    String hostId();

    Instant at();

    @Override
    default String subject() {
        return hostId();
    }
}
