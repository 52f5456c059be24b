package dev.haneul.compute.deadletter.api;

import java.time.Instant;

/**
 * A dead-lettered record: its place in {@code haneul-dead-letter} ({@code partition}, {@code offset}: what a replay
 * names), where it came from ({@code topic}, {@code topicPartition}, {@code topicOffset}), why it was given up
 * ({@code reason}, {@code cause}), the event it carries (id and type; null for a message that is not one of ours) and
 * the record's value as it was; {@code replayedAt} once an admin sent it back.
 */
public record DeadLetterView(int partition, long offset, Instant deadLetteredAt, String topic, Integer topicPartition,
        Long topicOffset, String key, String reason, String cause, String eventId, String eventType,
        boolean replayable, String payload, Instant replayedAt, String replayedBy) {
}
