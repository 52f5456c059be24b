package dev.haneul.events;

/**
 * Every event or command on Haneul's topics. {@link #subject()} is the id of the aggregate it concerns:
 * it is the CloudEvents subject and the Kafka record key, so one resource's events stay in order.
 */
public interface HaneulEvent {
    String subject();
}
