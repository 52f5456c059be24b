package dev.haneul.kit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The outbox's poison rows: rows Kafka refuses for what they are ({@link #refusedForItself}: too large, an invalid
 * topic or record), which would otherwise be sent again on every drain and hold back every row after them. Each such
 * refusal is counted on the row ({@code outbox.attempts}, {@code outbox.last_error}); the refusal that reaches
 * {@code haneul.outbox.max-attempts} (5) moves the row, whole, to {@code outbox_dead_letter} with its attempts and the
 * reason, in one transaction, and raises the alarm: an ERROR line naming the event and
 * {@code haneul_outbox_dead_letters_total{topic}}. The relay then goes on with the rows after it.
 * <p>
 * Invariant: a row leaves the outbox only acknowledged by Kafka ({@link OutboxRelay}) or moved here, never dropped,
 * and only a refusal of the row itself counts: a failure that is not the row's (Kafka unreachable, a timeout, a
 * denied topic) pauses the relay, which sends the row again for as long as that lasts, and never dead-letters it.
 */
@ApplicationScoped
public class OutboxDeadLetters {
    private static final Logger LOG = Logger.getLogger(OutboxDeadLetters.class);
    private static final int REASON_LENGTH = 1000;

    private final int maxAttempts;
    private final MeterRegistry meters;

    /** A row Kafka refused for itself, and why. */
    public record Refusal(OutboxMessage row, Throwable reason) {
    }

    public OutboxDeadLetters(@ConfigProperty(name = "haneul.outbox.max-attempts", defaultValue = "5") int maxAttempts,
            MeterRegistry meters) {
        this.maxAttempts = maxAttempts;
        this.meters = meters;
    }

    /** True when Kafka refused the record for what it is: it would refuse it again, whatever the state of Kafka. */
    public static boolean refusedForItself(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException || t instanceof InvalidTopicException
                    || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts one more refusal of each row and moves those that reached the limit; gives back how many were moved
     * (the others stay where they are and are sent again on the next drain).
     */
    public Uni<Integer> refused(List<Refusal> refusals) {
        if (refusals.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Refusal> moved = new ArrayList<>();
        return Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Refusal r : refusals) {
                chain = chain.chain(() -> count(r)).chain(() -> moveIfSpent(r)).invoke(m -> {
                    if (m) {
                        moved.add(r);
                    }
                }).replaceWithVoid();
            }
            return chain;
        }).invoke(() -> moved.forEach(this::alarm)).map(v -> moved.size());
    }

    private Uni<Void> count(Refusal r) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "UPDATE outbox SET attempts = attempts + 1, last_error = :reason WHERE seq = :seq")
                .setParameter("reason", reason(r.reason()))
                .setParameter("seq", r.row().seq)
                .executeUpdate()).replaceWithVoid();
    }

    /** Moves the row if its refusals reached the limit (as the committed row counts them); true when it moved. */
    private Uni<Boolean> moveIfSpent(Refusal r) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "INSERT INTO outbox_dead_letter (seq, event_id, topic, msg_key, event_type, payload, created_at,"
                        + " attempts, reason, dead_lettered_at) SELECT seq, event_id, topic, msg_key, event_type,"
                        + " payload, created_at, attempts, last_error, UTC_TIMESTAMP(6) FROM outbox"
                        + " WHERE seq = :seq AND attempts >= :max")
                .setParameter("seq", r.row().seq)
                .setParameter("max", maxAttempts)
                .executeUpdate()
                .chain(rows -> rows == 0 ? Uni.createFrom().item(false) : s.createNativeQuery(
                        "DELETE FROM outbox WHERE seq = :seq").setParameter("seq", r.row().seq).executeUpdate()
                        .replaceWith(true)));
    }

    private void alarm(Refusal r) {
        OutboxMessage m = r.row();
        meters.counter("haneul.outbox.dead.letters", "topic", m.topic).increment();
        LOG.errorf("outbox: event %s (%s, topic %s, key %s, outbox seq %d) refused by Kafka %d times, moved to "
                + "outbox_dead_letter; the events after it go on: %s", m.eventId, m.type, m.topic, m.key, m.seq,
                maxAttempts, reason(r.reason()));
    }

    private static String reason(Throwable e) {
        String s = e.toString();
        return s.length() <= REASON_LENGTH ? s : s.substring(0, REASON_LENGTH);
    }
}
