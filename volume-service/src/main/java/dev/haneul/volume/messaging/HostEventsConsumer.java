package dev.haneul.volume.messaging;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCatalog;
import dev.haneul.events.EventCodec;
import dev.haneul.events.PoisonMessageException;
import dev.haneul.events.Topics;
import dev.haneul.events.host.VolumeAttachedToHost;
import dev.haneul.events.host.VolumeDetachedFromHost;
import dev.haneul.kit.messaging.EventProcessor;
import dev.haneul.volume.volume.HostAttachments;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@code host-events} adapter (own consumer group): the hosts' answers to AttachVolume / DetachVolume.
 * The topic mostly carries heartbeats and registrations: a record whose {@code ce_type} header names another
 * type is skipped without decoding it or touching the database (no consumed-event row either); a record without
 * the header is decoded first and skipped the same way unless it is one of ours.
 */
@ApplicationScoped
public class HostEventsConsumer {
    public static final String CHANNEL = Topics.HOST_EVENTS;
    static final String CONSUMER = "volume-service.host-events";
    static final Set<String> HANDLED = Set.of(EventCatalog.typeOf(VolumeAttachedToHost.class),
            EventCatalog.typeOf(VolumeDetachedFromHost.class));

    private final EventProcessor processor;
    private final HostAttachments host;

    public HostEventsConsumer(EventProcessor processor, HostAttachments host) {
        this.processor = processor;
        this.host = host;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onHostEvent(ConsumerRecord<String, String> record) {
        if (!mayBeOurs(record)) {
            return Uni.createFrom().voidItem();
        }
        return processor.process(CONSUMER, record.value(), this::dispatch);
    }

    /** Cheap check first (the header); without it, the decoded type (a poison message goes on to be dead-lettered). */
    static boolean mayBeOurs(ConsumerRecord<String, String> record) {
        Header type = record.headers().lastHeader("ce_type");
        if (type != null) {
            return HANDLED.contains(new String(type.value(), StandardCharsets.UTF_8));
        }
        try {
            return HANDLED.contains(EventCodec.decode(record.value()).type());
        } catch (PoisonMessageException e) {
            return true;
        }
    }

    private Uni<Void> dispatch(Envelope envelope) {
        if (envelope.data() instanceof VolumeAttachedToHost attached) {
            return host.onAttached(attached);
        }
        if (envelope.data() instanceof VolumeDetachedFromHost detached) {
            return host.onDetached(detached);
        }
        return Uni.createFrom().voidItem();
    }
}
