package dev.haneul.events;

import java.util.List;

/**
 * Kafka topic names. Each topic holds the events of one aggregate, keyed by that aggregate's id.
 *
 * <p>Every topic is created before any service starts ({@code deploy/kafka/topics.txt}, which lists
 * {@link #ALL} and is checked against it, is what {@code ./haneul up}, the rehearsal and compose create;
 * the tests' broker creates {@link #ALL}). A producer that auto-creates its topic by writing to it can lose
 * its first batch to a partition: Kafka 4.1's broker accepts a later batch of an idempotent producer while an
 * earlier one, refused because the partition was not yet there, is retried until it expires (KAFKA-15591).
 */
public final class Topics {
    public static final String INSTANCE_EVENTS = "instance-events";
    public static final String HOST_COMMANDS = "host-commands";
    public static final String HOST_EVENTS = "host-events";
    public static final String NETWORK_EVENTS = "network-events";
    public static final String VOLUME_EVENTS = "volume-events";
    public static final String BILLING_EVENTS = "billing-events";
    public static final String ACCOUNT_EVENTS = "account-events";
    /** Where a consumer puts a message it can never process, with the reason in the record headers. */
    public static final String DEAD_LETTER = "haneul-dead-letter";
    /** Every topic above, in this order. */
    public static final List<String> ALL = List.of(INSTANCE_EVENTS, HOST_COMMANDS, HOST_EVENTS, NETWORK_EVENTS,
            VOLUME_EVENTS, BILLING_EVENTS, ACCOUNT_EVENTS, DEAD_LETTER);

    private Topics() {
    }
}
