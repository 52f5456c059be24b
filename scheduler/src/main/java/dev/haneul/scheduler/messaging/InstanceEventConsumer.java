package dev.haneul.scheduler.messaging;

import dev.haneul.events.EventCatalog;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Envelope;
import dev.haneul.events.PoisonMessageException;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.messaging.EventBatches;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.scheduler.placement.BatchPlacement;
import dev.haneul.scheduler.placement.PlacementService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The scheduler's part of the launch saga: place on {@code InstanceRequested}, release on stop and terminate.
 * <p>
 * The channel is consumed in batches (one Kafka poll each). The consecutive {@code InstanceRequested} of a batch are
 * placed together ({@link BatchPlacement}: one transaction for all of them); what the batch placement gives back,
 * and every stop and terminate, goes through the event processor one event at a time, as before. One instance's
 * events keep their order: a run of requests is placed before a later event of one of its instances is handled.
 * Events of other types (the rest of the saga, the scheduler's own) cost no database work; records that carry their
 * CloudEvents type in the {@code ce_type} header (everything our outbox relay sends) are not even decoded.
 * A poison message, or an event whose handling failed for good, is dead-lettered on its own (the channel's
 * failure strategy, for that record); the rest of the batch goes on. A database outage fails nothing: the batch
 * placement and the event processor wait it out (the kit's {@code RetryPolicy}), and the batch is settled by the kit's
 * {@link EventBatches}, which never dead-letters it as a whole.
 */
@ApplicationScoped
public class InstanceEventConsumer {
    private static final Logger LOG = Logger.getLogger(InstanceEventConsumer.class);
    static final String CONSUMER = BatchPlacement.CONSUMER;
    private static final Set<String> HANDLED = Set.of(EventCatalog.typeOf(InstanceRequested.class),
            EventCatalog.typeOf(InstanceStopped.class), EventCatalog.typeOf(InstanceTerminated.class));

    private final EventProcessor processor;
    private final PlacementService placement;
    private final BatchPlacement batchPlacement;
    private final EventBatches batches;

    public InstanceEventConsumer(EventProcessor processor, PlacementService placement, BatchPlacement batchPlacement,
            EventBatches batches) {
        this.processor = processor;
        this.placement = placement;
        this.batchPlacement = batchPlacement;
        this.batches = batches;
    }

    /** One consumed record: its payload, its {@code ce_type} header (null when absent), how to dead-letter it. */
    public record Delivery(String payload, String ceType, Function<Throwable, Uni<Void>> deadLetter) {
    }

    @Incoming(Topics.INSTANCE_EVENTS)
    public Uni<Void> onInstanceEvents(KafkaRecordBatch<String, String> batch) {
        List<Delivery> deliveries = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            Header type = record.getHeaders().lastHeader("ce_type");
            deliveries.add(new Delivery(record.getPayload(),
                    type == null ? null : new String(type.value(), StandardCharsets.UTF_8),
                    e -> Uni.createFrom().completionStage(record.nack(e))));
        }
        return batches.settle(CONSUMER, batch, () -> handle(deliveries));
    }

    /** Handles one batch of deliveries, in order per instance; completes when every one is handled. */
    public Uni<Void> handle(List<Delivery> deliveries) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<Pending> run = new ArrayList<>();
        Set<String> inRun = new HashSet<>();
        for (Delivery d : deliveries) {
            if (d.ceType() != null && !HANDLED.contains(d.ceType())) {
                continue;
            }
            Envelope envelope;
            try {
                envelope = EventCodec.decode(d.payload());
            } catch (PoisonMessageException e) {
                LOG.warnf("%s: dead-lettering a poison message: %s", CONSUMER, e.getMessage());
                chain = chain.chain(() -> d.deadLetter().apply(e));
                continue;
            }
            String instanceId;
            if (envelope.data() instanceof InstanceRequested r) {
                instanceId = r.instanceId();
            } else if (envelope.data() instanceof InstanceStopped s) {
                instanceId = s.instanceId();
            } else if (envelope.data() instanceof InstanceTerminated t) {
                instanceId = t.instanceId();
            } else {
                continue;
            }
            if (inRun.contains(instanceId)) {   // an earlier event of this instance waits in the run: place it first
                List<Pending> flushed = List.copyOf(run);
                chain = chain.chain(() -> placeRun(flushed));
                run.clear();
                inRun.clear();
            }
            if (envelope.data() instanceof InstanceRequested r) {
                run.add(new Pending(d, new BatchPlacement.Item(envelope.id(), d.payload(), r)));
                inRun.add(instanceId);
            } else {
                // a release of an instance with no request in the run: nothing to wait for
                chain = chain.chain(() -> single(d));
            }
        }
        List<Pending> last = List.copyOf(run);
        return chain.chain(() -> placeRun(last));
    }

    private record Pending(Delivery delivery, BatchPlacement.Item item) {
    }

    private Uni<Void> placeRun(List<Pending> run) {
        if (run.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return batchPlacement.place(run.stream().map(Pending::item).toList()).chain(back -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Pending p : run) {
                if (back.contains(p.item())) {
                    chain = chain.chain(() -> single(p.delivery()));
                }
            }
            return chain;
        });
    }

    /** One event through the event processor; when it fails for good, it alone is dead-lettered. */
    private Uni<Void> single(Delivery d) {
        return processor.process(CONSUMER, d.payload(), this::apply)
                .onFailure().recoverWithUni(e -> d.deadLetter().apply(e));
    }

    private Uni<Void> apply(Envelope envelope) {
        if (envelope.data() instanceof InstanceRequested r) {
            return placement.place(r);
        }
        if (envelope.data() instanceof InstanceStopped s) {
            return placement.release(s.instanceId());
        }
        if (envelope.data() instanceof InstanceTerminated t) {
            return placement.release(t.instanceId());
        }
        return Uni.createFrom().voidItem();
    }
}
