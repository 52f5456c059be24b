package dev.haneul.scheduler.placementgroup.api;

import java.time.Instant;

/** A placement group as its owner sees it. */
public record PlacementGroupView(String groupId, String groupName, String strategy, Integer partitionCount,
        String state, Instant createdAt) {
}
