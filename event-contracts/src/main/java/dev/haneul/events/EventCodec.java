package dev.haneul.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Encodes events as CloudEvents 1.0 in structured JSON mode (the Kafka record value) and decodes them back
 * into the typed records. Unknown fields in the data are ignored, so a consumer keeps working when a
 * producer adds one.
 */
public final class EventCodec {

    public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private static final EventFormat FORMAT = new JsonFormat();

    private EventCodec() {
    }

    /** A new CloudEvent with a fresh id for {@code event}, published by {@code source} (e.g. "compute-api"). */
    public static Encoded encode(String source, HaneulEvent event) {
        return encode(UUID.randomUUID().toString(), source, event, Instant.now());
    }

    public static Encoded encode(String id, String source, HaneulEvent event, Instant time) {
        Class<? extends HaneulEvent> c = event.getClass();
        try {
            CloudEvent ce = CloudEventBuilder.v1()
                    .withId(id)
                    .withSource(URI.create("/haneul/" + source))
                    .withType(EventCatalog.typeOf(c))
                    .withSubject(event.subject())
                    .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
                    .withDataContentType("application/json")
                    .withData(MAPPER.writeValueAsBytes(event))
                    .build();
            return new Encoded(id, EventCatalog.topicOf(c), event.subject(), EventCatalog.typeOf(c),
                    new String(FORMAT.serialize(ce), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + c.getSimpleName(), e);
        }
    }

    /** Decodes a structured-mode CloudEvent; anything that is not one of ours is a poison message. */
    public static Envelope decode(String json) {
        CloudEvent ce;
        try {
            ce = FORMAT.deserialize(json.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new PoisonMessageException("not a CloudEvent: " + e.getMessage(), e);
        }
        Class<? extends HaneulEvent> c = EventCatalog.classOf(ce.getType());
        if (c == null) {
            throw new PoisonMessageException("unknown event type " + ce.getType(), null);
        }
        if (ce.getData() == null) {
            throw new PoisonMessageException("event " + ce.getId() + " has no data", null);
        }
        try {
            HaneulEvent data = MAPPER.readValue(ce.getData().toBytes(), c);
            return new Envelope(ce.getId(), ce.getType(), ce.getSource().toString(), ce.getSubject(),
                    ce.getTime(), data);
        } catch (IOException e) {
            throw new PoisonMessageException("data of " + ce.getType() + " does not bind: " + e.getMessage(), e);
        }
    }

    /** The JSON mapper used for event data, for tools and tests. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** An encoded event: what goes into an outbox row and then a Kafka record. */
    public record Encoded(String id, String topic, String key, String type, String json) {
    }
}
