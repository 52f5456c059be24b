package dev.haneul.events.instance;

import dev.haneul.events.HaneulEvent;
import java.time.Instant;

/**
 * Facts about one instance, on {@code instance-events}, keyed by the instance id. Every one carries the
 * account, the launch attempt it belongs to (0 for the launch, +1 for every start of a stopped instance,
 * so a late event of an earlier attempt is recognised and ignored) and the moment it happened.
 */
public sealed interface InstanceEvent extends HaneulEvent permits InstanceRequested, InstanceScheduled,
        InstanceScheduleFailed, InstanceNetworkAttached, InstanceNetworkFailed, InstanceVolumesAttached,
        InstanceVolumesFailed, InstanceRunning, InstanceStopping, InstanceStopped, InstanceRebooted,
        InstanceTerminating, InstanceTerminated {

    String accountId();

    String instanceId();

    int attempt();

    Instant at();

    @Override
    default String subject() {
        return instanceId();
    }
}
