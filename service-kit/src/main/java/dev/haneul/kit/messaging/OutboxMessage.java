package dev.haneul.kit.messaging;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One event waiting to be relayed to Kafka, written in the same transaction as the change it reports. */
@Entity
@Table(name = "outbox")
public class OutboxMessage extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(name = "event_id", nullable = false, length = 36)
    public String eventId;

    @Column(nullable = false, length = 64)
    public String topic;

    @Column(name = "msg_key", nullable = false, length = 64)
    public String key;

    @Column(name = "event_type", nullable = false, length = 128)
    public String type;

    @Column(nullable = false, columnDefinition = "MEDIUMTEXT")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** How often Kafka refused this row for itself ({@link OutboxDeadLetters}); 0 for a row not yet refused. */
    @Column(nullable = false)
    public int attempts;
}
