package dev.haneul.scheduler.placementgroup.api;

import java.util.List;

/** The account's placement groups. */
public record PlacementGroupListView(List<PlacementGroupView> placementGroups) {
}
