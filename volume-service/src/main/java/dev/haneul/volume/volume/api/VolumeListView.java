package dev.haneul.volume.volume.api;

import java.util.List;

/** One page of DescribeVolumes. */
public record VolumeListView(List<VolumeView> volumes, String nextToken) {
}
