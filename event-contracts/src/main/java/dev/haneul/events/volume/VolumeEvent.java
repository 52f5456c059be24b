package dev.haneul.events.volume;

import dev.haneul.events.HaneulEvent;
import java.time.Instant;

/**
 * Facts about volumes and snapshots, on {@code volume-events}, keyed by the volume or snapshot id, so the
 * events of one resource stay in order.
 */
public sealed interface VolumeEvent extends HaneulEvent permits VolumeCreated, VolumeModified, VolumeDeleted,
        VolumeAttached, VolumeDetached, SnapshotCreated, SnapshotCompleted, SnapshotDeleted {

    String accountId();

    Instant at();
}
