package dev.haneul.events;

import java.time.OffsetDateTime;

/** A decoded CloudEvent: the envelope attributes and the typed data. */
public record Envelope(String id, String type, String source, String subject, OffsetDateTime time,
        HaneulEvent data) {
}
