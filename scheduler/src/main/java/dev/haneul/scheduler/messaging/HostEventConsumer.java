package dev.haneul.scheduler.messaging;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCatalog;
import dev.haneul.events.EventCodec;
import dev.haneul.events.PoisonMessageException;
import dev.haneul.events.Topics;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.HostRegistered;
import dev.haneul.kit.messaging.EventBatches;
import dev.haneul.kit.messaging.RetryPolicy;
import dev.haneul.scheduler.host.HeartbeatBuffer;
import dev.haneul.scheduler.placement.ConsumedEventLog;
import dev.haneul.scheduler.placement.HostStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the host table up to date from {@code host-events}, consumed in batches (one Kafka poll each). Heartbeats
 * (by far the most numerous, and idempotent) go to the {@link HeartbeatBuffer}, which writes them in batches; the
 * registrations of a batch are written together, in one transaction: the consumed-event log and one multi-row
 * upsert ({@link HostStore#upsertAll}), so registering a fleet of thousands of hosts costs a few transactions,
 * not one each. Everything else on the topic (the instances' lifecycle facts, and the scheduler's own
 * {@code HostStatusChanged}) is no business of the scheduler and costs no database work; records that carry their
 * CloudEvents type in the {@code ce_type} header are not even decoded. A poison message is dead-lettered on its own;
 * the batch is settled by the kit's {@link EventBatches}, which never dead-letters it as a whole.
 */
@ApplicationScoped
public class HostEventConsumer {
    private static final Logger LOG = Logger.getLogger(HostEventConsumer.class);
    static final String CONSUMER = "scheduler.host-events";
    private static final Set<String> HANDLED = Set.of(EventCatalog.typeOf(HostRegistered.class),
            EventCatalog.typeOf(HostHeartbeat.class));

    private final Pool pool;
    private final HostStore hosts;
    private final HeartbeatBuffer heartbeats;
    private final RetryPolicy retries;
    private final EventBatches batches;

    public HostEventConsumer(Pool pool, HostStore hosts, HeartbeatBuffer heartbeats, RetryPolicy retries,
            EventBatches batches) {
        this.pool = pool;
        this.hosts = hosts;
        this.heartbeats = heartbeats;
        this.retries = retries;
        this.batches = batches;
    }

    @Incoming(Topics.HOST_EVENTS)
    public Uni<Void> onHostEvents(KafkaRecordBatch<String, String> batch) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<Registration> registrations = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            Header type = record.getHeaders().lastHeader("ce_type");
            if (type != null && !HANDLED.contains(new String(type.value(), StandardCharsets.UTF_8))) {
                continue;
            }
            Envelope envelope;
            try {
                envelope = EventCodec.decode(record.getPayload());
            } catch (PoisonMessageException e) {
                LOG.warnf("%s: dead-lettering a poison message: %s", CONSUMER, e.getMessage());
                chain = chain.chain(() -> Uni.createFrom().completionStage(record.nack(e)));
                continue;
            }
            if (envelope.data() instanceof HostHeartbeat hb) {
                heartbeats.offer(hb);
            } else if (envelope.data() instanceof HostRegistered r) {
                registrations.add(new Registration(envelope.id(), r, record));
            }
        }
        Uni<Void> work = chain.chain(() -> register(registrations));
        return batches.settle(CONSUMER, batch, () -> work);
    }

    private record Registration(String eventId, HostRegistered event, KafkaRecord<String, String> record) {
    }

    /**
     * The batch's registrations in one transaction, retried as the kit's {@link RetryPolicy} says (an outage for as
     * long as it lasts, the partition waiting). When that fails for good, each registration is tried in a transaction
     * of its own, and only one that fails alone is dead-lettered.
     */
    private Uni<Void> register(List<Registration> registrations) {
        if (registrations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return upsert(registrations).onFailure().recoverWithUni(e -> {
            if (registrations.size() == 1) {
                LOG.warnf(e, "%s: dead-lettering the registration of %s", CONSUMER,
                        registrations.get(0).event().hostId());
                return Uni.createFrom().completionStage(registrations.get(0).record().nack(e));
            }
            Uni<Void> one = Uni.createFrom().voidItem();
            for (Registration r : registrations) {
                one = one.chain(() -> register(List.of(r)));
            }
            return one;
        });
    }

    private Uni<Void> upsert(List<Registration> registrations) {
        List<String> eventIds = registrations.stream().map(Registration::eventId).toList();
        return retries.retried(CONSUMER, () -> registrations.size() + " host registrations",
                Uni.createFrom().deferred(() -> pool.withTransaction(conn -> ConsumedEventLog.record(conn, CONSUMER,
                        eventIds).chain(fresh -> hosts.upsertAll(conn, registrations.stream()
                                .filter(r -> fresh.contains(r.eventId())).map(Registration::event).toList())))))
                .replaceWithVoid();
    }
}
