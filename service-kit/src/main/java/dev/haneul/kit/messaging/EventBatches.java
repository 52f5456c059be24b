package dev.haneul.kit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Settles a Kafka poll that a consumer takes as one batch ({@code KafkaRecordBatch}): the batch is acked once the
 * consumer's work over it is done, and it is never nacked. <b>A batch is never dead-lettered as a whole</b>: the
 * channel's dead-letter strategy only ever sees the records a consumer nacks one by one (a poison record, or one whose
 * handling failed alone for good under {@link RetryPolicy}).
 * <p>
 * The work routes each record's own failure to that record, and retries its steps as {@link RetryPolicy} says, so a
 * failure of the work as a whole is no record's fault (Kafka refusing a dead letter, a bug): the work is run again
 * from the start, with back-off up to 30 s and an ERROR line each time, until it passes. It must therefore be
 * idempotent, as the consumed-event log makes a consumer's effects. The partition waits meanwhile; nothing is lost.
 */
@ApplicationScoped
public class EventBatches {
    private static final Logger LOG = Logger.getLogger(EventBatches.class);
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final MeterRegistry meters;

    public EventBatches(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Runs {@code work} (again, until it passes) and then acks {@code batch}; the returned {@code Uni} never fails. */
    public Uni<Void> settle(String consumer, KafkaRecordBatch<?, ?> batch, Supplier<Uni<Void>> work) {
        AtomicInteger failures = new AtomicInteger();
        return Uni.createFrom().deferred(work::get)
                .onFailure().invoke(e -> {
                    meters.counter("haneul.consumer.retries", "consumer", consumer, "kind", "batch").increment();
                    LOG.errorf(e, "%s: a batch of %d records failed as a whole (%d); running it again, it is no "
                            + "record's fault", consumer, batch.getRecords().size(), failures.incrementAndGet());
                })
                .onFailure().retry().withBackOff(RetryPolicy.FIRST_DELAY, MAX_DELAY).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                // not acked: the offsets stay behind and the records come again, which the consumed-event log skips
                .onFailure().invoke(e -> LOG.errorf(e, "%s: could not ack a batch", consumer))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
