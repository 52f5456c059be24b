package dev.haneul.kit.messaging;

import dev.haneul.events.EventCodec;
import dev.haneul.kit.messaging.OutboxDeadLetters.Refusal;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * after Kafka acknowledged it (or moved to the dead-letter table, below), so a crash or a Kafka outage repeats a send
 * (consumers de-duplicate by event id) and never loses one. One drain runs at a time in a process; it runs every poll interval and, for a
 * moment after every {@link #nudge()} (each publish), every few milliseconds, so events leave at once.
 *
 * <p>Each row's outcome counts on its own: the rows Kafka acknowledged are deleted even when others of the batch
 * failed. A row Kafka refuses for itself (too large…) goes to {@link OutboxDeadLetters}, which moves it to the
 * {@code outbox_dead_letter} table after a bounded number of refusals and raises the alarm, so one poison row never
 * holds back the events after it. Any other failure (Kafka unreachable, timeouts) pauses the relay until the next
 * drain, for as long as it lasts.
 *
 * <p>Replicas of a service drain the same outbox without a lock on purpose. Two drains at once send some rows
 * twice, which consumers drop by event id, and each sends in {@code seq} order and deletes only what Kafka
 * acknowledged, so a row's first delivery never comes after a later row's of the same key. A lock
 * ({@code dev.haneul.kit.lock}) would save those duplicates but cost latency: nudges are local, so an event
 * written on a replica that does not hold the lock would wait for the holder's idle poll.
 */
@ApplicationScoped
public class OutboxRelay {
    public static final String CHANNEL = "outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long BRISK_MILLIS = 10;
    private static final long BRISK_WINDOW_NANOS = Duration.ofMillis(300).toNanos();

    private final MutinyEmitter<String> emitter;
    private final OutboxDeadLetters deadLetters;
    private final int batchSize;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Vertx vertx;
    private final Duration pollInterval;
    private volatile long lastNudge;
    private volatile long lastDrain;
    private volatile long relayed;
    private long timer = -1;

    public OutboxRelay(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter,
            @ConfigProperty(name = "haneul.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "haneul.outbox.poll-interval", defaultValue = "1s") Duration pollInterval,
            Vertx vertx, OutboxDeadLetters deadLetters) {
        this.emitter = emitter;
        this.deadLetters = deadLetters;
        this.vertx = vertx;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
    }

    /** Asks for a drain soon: the relay polls briskly for a moment after every publish. */
    public void nudge() {
        lastNudge = System.nanoTime();
    }

    /** Events relayed since start, for metrics and tests. */
    public long relayed() {
        return relayed;
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void start(@Observes StartupEvent event) {
        long idleNanos = pollInterval.toNanos();
        timer = vertx.setPeriodic(BRISK_MILLIS, id -> {
            long now = System.nanoTime();
            if (now - lastNudge < BRISK_WINDOW_NANOS || now - lastDrain >= idleNanos) {
                // Hibernate Reactive needs a safe (duplicated) Vert.x context of its own
                Context ctx = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
                VertxContextSafetyToggle.setContextSafe(ctx, true);
                ctx.runOnContext(v -> drain().subscribe().with(ok -> { }, e -> { }));
            }
        });
    }

    /** Relays everything that is in the outbox now; completes when the outbox was seen empty. */
    public Uni<Void> drain() {
        if (!draining.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        lastDrain = System.nanoTime();
        return Uni.createFrom().deferred(this::drainBatches)
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
                    return send(batch).chain(failures -> {
                        List<OutboxMessage> acked = new ArrayList<>();
                        List<Refusal> refused = new ArrayList<>();
                        Throwable other = null;
                        for (int i = 0; i < batch.size(); i++) {
                            Throwable failure = failures.get(i).orElse(null);
                            if (failure == null) {
                                acked.add(batch.get(i));
                            } else if (OutboxDeadLetters.refusedForItself(failure)) {
                                refused.add(new Refusal(batch.get(i), failure));
                            } else if (other == null) {
                                other = failure;
                            }
                        }
                        Throwable pause = other;
                        return delete(acked).chain(() -> deadLetters.refused(refused)).chain(moved -> {
                            relayed += acked.size();
                            if (pause != null) {
                                return Uni.createFrom().failure(pause);   // Kafka's trouble, not a row's: wait
                            }
                            if (moved < refused.size()) {
                                return Uni.createFrom().voidItem();   // refused rows are sent again next drain
                            }
                            return batch.size() == batchSize ? drainBatches() : Uni.createFrom().voidItem();
                        });
                    });
                });
    }

    /** Sends the batch; gives back each row's failure (empty when Kafka acknowledged it), in the batch's order. */
    private Uni<List<Optional<Throwable>>> send(List<OutboxMessage> batch) {
        List<Uni<Optional<Throwable>>> acks = new ArrayList<>(batch.size());
        for (OutboxMessage m : batch) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("content-type", EventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            headers.add("ce_type", m.type.getBytes(StandardCharsets.UTF_8));
            OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(m.topic).withKey(m.key).withHeaders(headers).build();
            acks.add(emitter.sendMessage(Message.of(m.payload).addMetadata(meta))
                    .onItemOrFailure().transform((ok, e) -> Optional.ofNullable(e)));
        }
        return Uni.join().all(acks).andFailFast()
                .ifNoItem().after(Duration.ofSeconds(60)).fail();
    }

    private Uni<Void> delete(List<OutboxMessage> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Long> seqs = batch.stream().map(m -> m.seq).toList();
        return Panache.withTransaction(() -> OutboxMessage.delete("seq in ?1", seqs)).replaceWithVoid();
    }
}
