package dev.haneul.volume.snapshot.api;

import dev.haneul.volume.common.Tag;
import dev.haneul.volume.common.TagsConverter;
import dev.haneul.volume.snapshot.Snapshot;
import java.time.Instant;
import java.util.List;

/** A snapshot as EC2's DescribeSnapshots shows it. */
public record SnapshotView(String snapshotId, String volumeId, int volumeSize, String state, String progress,
        Instant startTime, String description, boolean encrypted, String ownerId, List<Tag> tags) {

    public static SnapshotView of(Snapshot s) {
        return new SnapshotView(s.snapshotId, s.volumeId, s.volumeSize, s.state,
                Snapshot.COMPLETED.equals(s.state) ? "100%" : "0%", s.startTime, s.description, s.encrypted,
                s.accountId, TagsConverter.toList(s.tagsJson));
    }
}
