package dev.haneul.volume.volume;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Finds one of the caller's volumes by id: malformed ids are a 400, unknown or foreign ones a 404. */
@ApplicationScoped
public class VolumeLookup {

    public static void checkId(String volumeId) {
        if (!Ids.isWellFormed("vol", volumeId)) {
            throw ApiException.badRequest("InvalidVolumeID.Malformed", "Invalid id: '" + volumeId + "'.");
        }
    }

    public static ApiException notFound(String volumeId) {
        return ApiException.notFound("InvalidVolume.NotFound", "The volume '" + volumeId + "' does not exist.");
    }

    /** Must run inside a session. */
    public Uni<Volume> find(String accountId, String volumeId) {
        checkId(volumeId);
        return Volume.<Volume>find("volumeId = ?1 and accountId = ?2", volumeId, accountId).firstResult()
                .onItem().ifNull().failWith(() -> notFound(volumeId));
    }

    /** Like {@link #findLive}, holding the row (SELECT … FOR UPDATE) until the transaction ends. */
    public Uni<Volume> findLiveForUpdate(String accountId, String volumeId) {
        checkId(volumeId);
        return Volume.<Volume>find("volumeId = ?1 and accountId = ?2", volumeId, accountId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> notFound(volumeId))
                .invoke(v -> {
                    if (Volume.DELETED.equals(v.state)) {
                        throw notFound(volumeId);
                    }
                });
    }

    /** Like {@link #find} but a deleted volume counts as gone (for changes). */
    public Uni<Volume> findLive(String accountId, String volumeId) {
        return find(accountId, volumeId).invoke(v -> {
            if (Volume.DELETED.equals(v.state)) {
                throw notFound(volumeId);
            }
        });
    }
}
