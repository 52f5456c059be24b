package dev.haneul.agent.fleet;

import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.events.host.HostEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends host events to {@code host-events} as CloudEvents, keyed by host id; large batches go in slices. The
 * fleet's way out ({@link FleetReporter} is its one user), so it lives with the fleet; the incoming Kafka
 * adapters, which hand commands to the fleet's driver, are messaging's.
 */
@ApplicationScoped
public class HostEventPublisher {
    public static final String CHANNEL = Topics.HOST_EVENTS;
    static final String SOURCE = "host-agent";
    private static final int SLICE = 500;
    private static final Logger LOG = Logger.getLogger(HostEventPublisher.class);

    private final MutinyEmitter<String> emitter;

    public HostEventPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
            MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Sends one event; completes when Kafka acknowledged it. */
    public Uni<Void> send(HostEvent event) {
        EventCodec.Encoded e = EventCodec.encode(SOURCE, event);
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", EventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", e.type().getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(e.topic()).withKey(e.key()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(e.json()).addMetadata(meta));
    }

    /** Sends many events, a slice at a time, so a fleet of 10,000 hosts does not overflow the buffer. */
    public Uni<Void> sendAll(List<? extends HostEvent> events) {
        return Multi.createFrom().iterable(events).group().intoLists().of(SLICE)
                .onItem().transformToUniAndConcatenate(slice -> Uni.join()
                        .all(slice.stream().map(this::send).toList()).andCollectFailures().replaceWithVoid())
                .collect().last().replaceWithVoid();
    }

    /** Fire and forget, logging a failure (the next heartbeat or a command retry repairs a lost event). */
    public void publish(HostEvent event) {
        send(event).subscribe().with(ok -> { }, e -> LOG.warnf("could not publish %s: %s",
                event.getClass().getSimpleName(), e.getMessage()));
    }
}
