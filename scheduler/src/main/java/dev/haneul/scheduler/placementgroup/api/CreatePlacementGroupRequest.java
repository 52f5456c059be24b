package dev.haneul.scheduler.placementgroup.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** POST /v1/placement-groups: a name unique in the account, a strategy and, for partition, the partition count. */
public record CreatePlacementGroupRequest(@NotBlank @Size(max = 255) String groupName, @NotBlank String strategy,
        Integer partitionCount) {
}
