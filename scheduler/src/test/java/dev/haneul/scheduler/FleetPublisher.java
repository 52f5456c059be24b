package dev.haneul.scheduler;

import dev.haneul.events.EventCodec;
import dev.haneul.events.HaneulEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** One Kafka producer for many events (what a fleet of host agents sends), for tests and the benchmark. */
public final class FleetPublisher implements AutoCloseable {
    private final KafkaProducer<String, String> producer;

    public FleetPublisher(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p);
    }

    /** Sends the events and waits until Kafka has them all. */
    public void sendAll(List<? extends HaneulEvent> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (HaneulEvent event : events) {
            EventCodec.Encoded e = EventCodec.encode("host-agent", event);
            acks.add(producer.send(new ProducerRecord<>(e.topic(), e.key(), e.json())));
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not send the fleet's events", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
