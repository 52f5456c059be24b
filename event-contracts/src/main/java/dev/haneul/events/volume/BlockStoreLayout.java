package dev.haneul.events.volume;

import java.nio.file.Path;

/**
 * Where a volume's and a snapshot's data live in the block store, a directory that volume-service and the hosts
 * of a zone share (a local directory on one machine; a network filesystem across several). It is a contract
 * between them like the events: volume-service copies snapshots in and out of it and deletes what is deleted; a
 * host formats a volume that has no data yet on its first attach and mounts it. Each is a sparse file holding an
 * ext4 filesystem: {@code volumes/<volume id>.img}, {@code snapshots/<snapshot id>.img}. A volume that was never
 * attached (and not made from a snapshot with data) has no file yet.
 */
public final class BlockStoreLayout {
    private BlockStoreLayout() {
    }

    public static Path volume(Path store, String volumeId) {
        return store.resolve("volumes").resolve(checked(volumeId, "vol-") + ".img");
    }

    public static Path snapshot(Path store, String snapshotId) {
        return store.resolve("snapshots").resolve(checked(snapshotId, "snap-") + ".img");
    }

    /** Ids become file names: only {@code prefix} followed by letters and digits, never a path. */
    private static String checked(String id, String prefix) {
        if (id == null || !id.startsWith(prefix) || id.length() == prefix.length()
                || !id.substring(prefix.length()).chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("not a " + prefix + "id: " + id);
        }
        return id;
    }
}
