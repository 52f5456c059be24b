package dev.haneul.volume.snapshot;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.volume.volume.SnapshotSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds one of the caller's snapshots by id: malformed ids are a 400, unknown or foreign ones a 404; also the
 * volume feature's {@link SnapshotSource} (the completed snapshot a new volume starts from).
 */
@ApplicationScoped
public class SnapshotLookup implements SnapshotSource {

    public static void checkId(String snapshotId) {
        if (!Ids.isWellFormed("snap", snapshotId)) {
            throw ApiException.badRequest("InvalidSnapshotID.Malformed", "Invalid id: '" + snapshotId + "'.");
        }
    }

    /** Must run inside a session. */
    public Uni<Snapshot> find(String accountId, String snapshotId) {
        checkId(snapshotId);
        return Snapshot.<Snapshot>find("snapshotId = ?1 and accountId = ?2", snapshotId, accountId).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("InvalidSnapshot.NotFound",
                        "The snapshot '" + snapshotId + "' does not exist."));
    }

    @Override
    public Uni<Source> completed(String accountId, String snapshotId) {
        return find(accountId, snapshotId).map(s -> {
            if (!Snapshot.COMPLETED.equals(s.state)) {
                throw ApiException.conflict("IncorrectState",
                        "The snapshot '" + snapshotId + "' is in the '" + s.state + "' state.");
            }
            return new Source(s.snapshotId, s.volumeSize, s.encrypted);
        });
    }
}
