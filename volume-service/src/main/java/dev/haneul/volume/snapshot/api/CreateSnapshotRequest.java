package dev.haneul.volume.snapshot.api;

import dev.haneul.volume.common.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * CreateSnapshot: the volume, a description, tags, and {@code copyTagsFromSource: "volume"} to copy the
 * volume's tags (tags given here win over copied ones with the same key).
 */
public record CreateSnapshotRequest(@NotBlank String volumeId, @Size(max = 255) String description,
        @Size(max = 50) List<@Valid Tag> tags,
        @Pattern(regexp = "volume", message = "must be 'volume'") String copyTagsFromSource) {
}
