package dev.haneul.compute.deadletter;

import dev.haneul.events.Topics;
import dev.haneul.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads {@code haneul-dead-letter}, where every service's channels put the records they gave up on (SmallRye's
 * dead-letter strategy: the record's key and value as they were, and headers naming the topic, partition and offset it
 * came from and the reason). It reads without a consumer group — partitions assigned, positions sought — so looking
 * commits nothing and joins nothing. Blocking: call it off the event loop.
 */
@ApplicationScoped
public class DeadLetterTopic {
    /** How long a read may wait for the broker before it answers 503. */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final String bootstrap;

    public DeadLetterTopic(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** One record of the topic: where it is in it, when it was written, its key, value and headers. */
    public record Record(int partition, long offset, Instant time, String key, String value,
            Map<String, String> headers) {
    }

    /** Up to {@code max} records after ({@code partition}, {@code offset}), in partition then offset order. */
    public List<Record> after(int partition, long offset, int max) {
        List<Record> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTER, DEADLINE).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, DEADLINE);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
            Instant deadline = Instant.now().plus(DEADLINE);
            for (TopicPartition tp : partitions) {
                if (tp.partition() < partition || out.size() >= max) {
                    continue;
                }
                long from = Math.max(begin.get(tp), tp.partition() == partition ? offset + 1 : 0);
                read(consumer, tp, from, end.get(tp), max - out.size(), deadline, out);
            }
        } catch (TimeoutException e) {
            throw unavailable();
        }
        return out;
    }

    /** The record at ({@code partition}, {@code offset}), if the topic still holds it. */
    public Optional<Record> at(int partition, long offset) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            boolean exists = consumer.partitionsFor(Topics.DEAD_LETTER, DEADLINE).stream()
                    .anyMatch(p -> p.partition() == partition);
            if (!exists) {
                return Optional.empty();
            }
            TopicPartition tp = new TopicPartition(Topics.DEAD_LETTER, partition);
            long begin = consumer.beginningOffsets(List.of(tp), DEADLINE).get(tp);
            long end = consumer.endOffsets(List.of(tp), DEADLINE).get(tp);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            List<Record> one = new ArrayList<>();
            read(consumer, tp, offset, offset + 1, 1, Instant.now().plus(DEADLINE), one);
            return one.stream().filter(r -> r.offset() == offset).findFirst();
        } catch (TimeoutException e) {
            throw unavailable();
        }
    }

    private static void read(KafkaConsumer<String, String> consumer, TopicPartition tp, long from, long to, int max,
            Instant deadline, List<Record> out) {
        if (from >= to || max <= 0) {
            return;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        int taken = 0;
        while (taken < max && consumer.position(tp, DEADLINE) < to) {
            if (Instant.now().isAfter(deadline)) {
                throw unavailable();
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                if (r.offset() >= to || taken >= max) {
                    return;
                }
                out.add(new Record(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), r.key(), r.value(),
                        headers(r)));
                taken++;
            }
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            out.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "compute-api-dead-letters");
        return new KafkaConsumer<>(p);
    }

    private static ApiException unavailable() {
        return new ApiException(503, "ServiceUnavailable", "The event broker did not answer in time; nothing was changed. Try again shortly.", 5L);
    }
}
