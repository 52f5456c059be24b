package dev.haneul.kit.messaging;

import dev.haneul.events.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Sends outbox rows to Kafka in the order they were written, then deletes them. A row is deleted only
 * after Kafka acknowledged it, so a crash or a Kafka outage repeats a send (consumers de-duplicate by event
 * id) and never loses one. One drain runs at a time in a process; it is started by the poll and, sooner,
 * by {@link #nudge()} when something was published.
 */
@ApplicationScoped
public class OutboxRelay {
    public static final String CHANNEL = "outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long relayed;

    public OutboxRelay(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter,
            @ConfigProperty(name = "haneul.outbox.batch-size", defaultValue = "500") int batchSize) {
        this.emitter = emitter;
        this.batchSize = batchSize;
    }

    /** Asks for a drain soon (the next poll tick, at the latest). */
    public void nudge() {
        pending.set(true);
    }

    /** Events relayed since start, for metrics and tests. */
    public long relayed() {
        return relayed;
    }

    @Scheduled(every = "${haneul.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        pending.set(true);
        return drain();
    }

    @Scheduled(every = "${haneul.outbox.nudge-interval:0.02s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> onNudge() {
        return pending.get() ? drain() : Uni.createFrom().voidItem();
    }

    /** Relays everything that is in the outbox now; completes when the outbox was seen empty. */
    public Uni<Void> drain() {
        if (!draining.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        pending.set(false);
        return drainBatches()
                .onFailure().invoke(e -> LOG.warnf("outbox relay paused: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .eventually(() -> draining.set(false))
                .replaceWithVoid();
    }

    private Uni<Void> drainBatches() {
        return Panache.withSession(() -> OutboxMessage.<OutboxMessage>find("order by seq").page(0, batchSize).list())
                .chain(batch -> {
                    if (batch.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return send(batch).chain(() -> delete(batch)).chain(() -> {
                        relayed += batch.size();
                        return batch.size() == batchSize ? drainBatches() : Uni.createFrom().voidItem();
                    });
                });
    }

    private Uni<Void> send(List<OutboxMessage> batch) {
        List<Uni<Void>> acks = new ArrayList<>(batch.size());
        for (OutboxMessage m : batch) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("content-type", EventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            headers.add("ce_type", m.type.getBytes(StandardCharsets.UTF_8));
            OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(m.topic).withKey(m.key).withHeaders(headers).build();
            acks.add(emitter.sendMessage(Message.of(m.payload).addMetadata(meta)));
        }
        return Uni.join().all(acks).andFailFast().replaceWithVoid()
                .ifNoItem().after(Duration.ofSeconds(60)).fail();
    }

    private Uni<Void> delete(List<OutboxMessage> batch) {
        List<Long> seqs = batch.stream().map(m -> m.seq).toList();
        return Panache.withTransaction(() -> OutboxMessage.delete("seq in ?1", seqs)).replaceWithVoid();
    }
}
