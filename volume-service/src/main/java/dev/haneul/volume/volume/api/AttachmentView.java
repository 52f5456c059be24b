package dev.haneul.volume.volume.api;

import java.time.Instant;

/** A volume's attachment to an instance, as EC2 shows it. */
public record AttachmentView(String volumeId, String instanceId, String device, String state, Instant attachTime,
        boolean deleteOnTermination) {
}
