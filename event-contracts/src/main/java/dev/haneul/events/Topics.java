package dev.haneul.events;

/** Kafka topic names. Each topic holds the events of one aggregate, keyed by that aggregate's id. */
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

    private Topics() {
    }
}
