package dev.haneul.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * EVENTS.md, the public catalogue of Haneul's events for integrations, is generated from the records
 * themselves; this test fails when it is out of date (run with -Dhaneul.events.write=true to rewrite it).
 */
class EventDocsTest {
    private static final Path DOC = Path.of("EVENTS.md");

    @Test
    void theEventCatalogueDocumentMatchesTheRecords() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean("haneul.events.write") || !Files.exists(DOC)) {
            Files.writeString(DOC, generated);
        }
        assertEquals(generated, Files.readString(DOC),
                "EVENTS.md is out of date: run mvn -pl event-contracts test -Dhaneul.events.write=true");
    }

    static String generate() {
        StringBuilder b = new StringBuilder();
        b.append("# Haneul events\n\n")
                .append("Generated from the records in `event-contracts` by `EventDocsTest`; do not edit by hand.\n\n")
                .append("Every event is a CloudEvents 1.0 message in structured JSON mode (`content-type: ")
                .append("application/cloudevents+json`) on the Kafka topic named below, keyed by the CloudEvents ")
                .append("`subject`, which is the id of the resource the event is about, so one resource's events ")
                .append("are read in the order they happened. `id` is unique per event: consumers use it to ignore ")
                .append("redeliveries. `data` is JSON with the fields listed (times are ISO-8601 UTC). Consumers ")
                .append("must ignore fields they do not know; a breaking change gets a new `.vN` type.\n\n");
        String topic = null;
        for (Class<? extends HaneulEvent> c : EventCatalog.ALL) {
            if (!EventCatalog.topicOf(c).equals(topic)) {
                topic = EventCatalog.topicOf(c);
                b.append("## Topic `").append(topic).append("`\n\n");
            }
            b.append("### ").append(c.getSimpleName()).append(" — `").append(EventCatalog.typeOf(c)).append("`\n\n");
            b.append("| field | type |\n|---|---|\n");
            for (RecordComponent rc : c.getRecordComponents()) {
                b.append("| `").append(rc.getName()).append("` | ").append(typeName(rc.getGenericType()))
                        .append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String typeName(Type t) {
        if (t instanceof ParameterizedType p) {
            return ((Class<?>) p.getRawType()).getSimpleName() + "&lt;" + Arrays.stream(p.getActualTypeArguments())
                    .map(EventDocsTest::typeName).collect(Collectors.joining(", ")) + "&gt;";
        }
        Class<?> c = (Class<?>) t;
        if (c.isRecord()) {
            return c.getSimpleName() + " {" + Arrays.stream(c.getRecordComponents())
                    .map(rc -> rc.getName() + ": " + typeName(rc.getGenericType()))
                    .collect(Collectors.joining(", ")) + "}";
        }
        return c.getSimpleName();
    }
}
