package dev.haneul.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.instance.InstanceRunning;
import dev.haneul.events.instance.InstanceVolumesAttached;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void roundTripsAnEventAsAStructuredCloudEvent() throws Exception {
        Instant at = Instant.parse("2026-11-22T10:15:30.123456Z");
        InstanceRunning running = new InstanceRunning("123456789012", "i-0123456789abcdef0", 2, at, "t3.micro",
                "hn-1a", "host-1", "172.31.0.4", null);

        EventCodec.Encoded encoded = EventCodec.encode("compute-api", running);

        assertEquals(Topics.INSTANCE_EVENTS, encoded.topic());
        assertEquals("i-0123456789abcdef0", encoded.key());
        JsonNode json = EventCodec.mapper().readTree(encoded.json());
        assertEquals("1.0", json.get("specversion").asText());
        assertEquals("haneul.instance.running.v1", json.get("type").asText());
        assertEquals("/haneul/compute-api", json.get("source").asText());
        assertEquals("i-0123456789abcdef0", json.get("subject").asText());
        assertEquals("2026-11-22T10:15:30.123456Z", json.get("data").get("at").asText());

        Envelope decoded = EventCodec.decode(encoded.json());
        assertEquals(encoded.id(), decoded.id());
        assertEquals(running, decoded.data());
    }

    @Test
    void nestedRecordsSurviveTheRoundTrip() {
        InstanceVolumesAttached e = new InstanceVolumesAttached("a", "i-1", 0, Instant.EPOCH,
                List.of(new AttachedVolume("vol-1", "/dev/xvda", 8, "gp3", true, true)));
        assertEquals(e, EventCodec.decode(EventCodec.encode("volume-service", e).json()).data());
    }

    @Test
    void garbageAndUnknownTypesArePoison() {
        assertThrows(PoisonMessageException.class, () -> EventCodec.decode("{not json"));
        String unknown = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"haneul.nope.v1\","
                + "\"datacontenttype\":\"application/json\",\"data\":{}}";
        PoisonMessageException e = assertThrows(PoisonMessageException.class, () -> EventCodec.decode(unknown));
        assertTrue(e.getMessage().contains("haneul.nope.v1"));
    }

    @Test
    void everyEventTypeIsUniqueAndVersioned() {
        for (Class<? extends HaneulEvent> c : EventCatalog.ALL) {
            String type = EventCatalog.typeOf(c);
            assertTrue(type.matches("haneul\\.[a-z]+\\.[a-z-]+\\.v\\d+"), type);
            assertEquals(c, EventCatalog.classOf(type));
        }
    }
}
