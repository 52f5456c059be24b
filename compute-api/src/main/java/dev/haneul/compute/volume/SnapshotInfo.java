package dev.haneul.compute.volume;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What compute-api needs to know of a snapshot it asked for. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotInfo(String snapshotId, String volumeId, int volumeSize, String state) {
}
