package dev.haneul.testing;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Reads a topic from its beginning in a test, decodes our CloudEvents and waits for conditions on them. */
public final class EventProbe implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();

    public EventProbe(String bootstrapServers, String... topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topics));
    }

    /** Polls until {@code condition} holds over the decoded events seen so far, or fails after the deadline. */
    public List<Envelope> awaitEvents(Duration deadline, Predicate<List<Envelope>> condition) {
        List<Envelope> result = new ArrayList<>();
        Awaitility.await().atMost(deadline).pollInterval(Duration.ofMillis(50)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            result.clear();
            result.addAll(events());
            return condition.test(result);
        });
        return result;
    }

    /** Every decoded event seen so far, in the order read. */
    public List<Envelope> events() {
        List<Envelope> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                out.add(EventCodec.decode(r.value()));
            } catch (RuntimeException ignored) {
                // not one of ours (e.g. a poison message a test sent): not an event
            }
        }
        return out;
    }

    /** The raw records seen so far. */
    public List<ConsumerRecord<String, String>> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** Publishes an event straight to Kafka, as another service's relay would. */
    public static void publish(String bootstrapServers, String source, HaneulEvent event) {
        EventCodec.Encoded e = EventCodec.encode(source, event);
        send(bootstrapServers, e.topic(), e.key(), e.json());
    }

    /** Sends a raw record (e.g. a poison message). */
    public static void send(String bootstrapServers, String topic, String key, String value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** Sends raw records on one key, in this order, with one producer (so they most likely arrive in one poll). */
    public static void sendAll(String bootstrapServers, String topic, String key, List<String> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "50");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<Future<?>> sent = new ArrayList<>();
            for (String value : values) {
                sent.add(producer.send(new ProducerRecord<>(topic, key, value)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    public static <T extends HaneulEvent> List<T> ofType(List<Envelope> events, Class<T> type) {
        return events.stream().map(Envelope::data).filter(type::isInstance).map(type::cast).toList();
    }
}
