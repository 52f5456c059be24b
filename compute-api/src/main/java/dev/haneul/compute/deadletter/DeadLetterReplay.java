package dev.haneul.compute.deadletter;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A dead-letter record sent back to its topic: by whom, when, as which event. */
@Entity
@Table(name = "dead_letter_replay")
public class DeadLetterReplay extends PanacheEntityBase {
    /** The record's place in {@code haneul-dead-letter}. */
    @Embeddable
    public record Position(@Column(name = "dl_partition") int partition, @Column(name = "dl_offset") long offset)
            implements Serializable {
    }

    @EmbeddedId
    public Position position;
    public String topic;
    public String eventId;
    public String replayedBy;
    public Instant replayedAt;
}
