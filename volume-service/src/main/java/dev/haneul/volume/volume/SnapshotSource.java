package dev.haneul.volume.volume;

import io.smallrye.mutiny.Uni;

/**
 * The snapshot a new volume starts from (CreateVolume with a snapshot id), as the snapshot feature finds it:
 * {@code SnapshotLookup} implements this, so volume needs nothing of snapshot's, while snapshot, whose
 * snapshots are taken of volumes, depends on volume.
 */
public interface SnapshotSource {
    /** What a volume takes from its snapshot. */
    record Source(String snapshotId, int volumeSize, boolean encrypted) {
    }

    /**
     * The account's completed snapshot: 400 for a malformed id, 404 for an unknown or another account's, 409
     * {@code IncorrectState} while it is not completed. Must run inside a session.
     */
    Uni<Source> completed(String accountId, String snapshotId);
}
