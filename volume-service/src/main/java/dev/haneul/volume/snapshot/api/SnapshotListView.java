package dev.haneul.volume.snapshot.api;

import java.util.List;

/** One page of DescribeSnapshots. */
public record SnapshotListView(List<SnapshotView> snapshots, String nextToken) {
}
