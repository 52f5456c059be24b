package dev.haneul.network.support;

import dev.haneul.events.Envelope;
import dev.haneul.events.EventCodec;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.InstanceEvent;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceStopped;
import dev.haneul.events.instance.InstanceTerminated;
import dev.haneul.kit.Ids;
import dev.haneul.testing.EventProbe;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/** Plays compute-api in tests: sends instance events and waits for the network-service's answers. */
public final class Saga implements AutoCloseable {
    private final String bootstrap;
    private final EventProbe probe;

    public Saga(String bootstrap) {
        this.bootstrap = bootstrap;
        this.probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS);
    }

    public static String newAccount() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L));
    }

    public static String newInstance() {
        return Ids.newId("i");
    }

    public static InstanceRequested launch(String account, String instance, String zone, String subnetId,
            String privateIp, Boolean publicIp) {
        return new InstanceRequested(account, instance, 0, Instant.now(), false, "t3.micro", "t3", 2, 1024, 0,
                "x86_64", zone, subnetId, privateIp, publicIp, List.of(), null, "ami-0123456789abcdef0", List.of(),
                null);
    }

    public static InstanceRequested restart(InstanceRequested first, int attempt) {
        return new InstanceRequested(first.accountId(), first.instanceId(), attempt, Instant.now(), true,
                first.instanceType(), first.family(), first.vcpus(), first.memoryMib(), first.gpus(),
                first.architecture(), first.availabilityZone(), first.subnetId(), first.privateIpAddress(),
                first.associatePublicIpAddress(), first.securityGroupIds(), null, first.imageId(), List.of(),
                first.volumeTags());
    }

    public static InstanceStopped stopped(InstanceRequested r) {
        return new InstanceStopped(r.accountId(), r.instanceId(), r.attempt(), Instant.now(), r.instanceType(),
                r.availabilityZone(), "host-1", "Client.UserInitiatedShutdown");
    }

    public static InstanceTerminated terminated(InstanceRequested r) {
        return new InstanceTerminated(r.accountId(), r.instanceId(), r.attempt(), Instant.now(), r.instanceType(),
                r.availabilityZone(), "host-1", "Client.UserInitiatedShutdown", "User initiated shutdown");
    }

    public void send(InstanceEvent event) {
        EventProbe.publish(bootstrap, "compute-api", event);
    }

    /** Sends many events through one producer, in order. */
    public void sendAll(List<? extends InstanceEvent> events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (InstanceEvent e : events) {
                EventCodec.Encoded encoded = EventCodec.encode("compute-api", e);
                producer.send(new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.json()));
            }
            producer.flush();
        }
    }

    /** Waits for the network-service's answer (attached or failed) to this instance's attempt. */
    public <T extends InstanceEvent> T await(Class<T> type, String instanceId, int attempt) {
        List<Envelope> events = probe.awaitEvents(Duration.ofSeconds(60), es -> find(es, type, instanceId, attempt)
                != null);
        return find(events, type, instanceId, attempt);
    }

    /** Waits until {@code count} events of {@code type} about the given instances arrived; returns them. */
    public <T extends InstanceEvent> List<T> awaitAll(Class<T> type, List<String> instanceIds, Duration deadline) {
        return awaitAnswers(type, instanceIds, instanceIds.size(), deadline);
    }

    /** Waits until {@code count} events of {@code type} about the given instances arrived; returns them. */
    public <T extends InstanceEvent> List<T> awaitAnswers(Class<T> type, Collection<String> instanceIds, int count,
            Duration deadline) {
        probe.awaitEvents(deadline, es -> matching(es, type, instanceIds).size() >= count);
        return matching(probe.events(), type, instanceIds);
    }

    private static <T extends InstanceEvent> List<T> matching(List<Envelope> es, Class<T> type,
            Collection<String> ids) {
        return EventProbe.ofType(es, type).stream().filter(e -> ids.contains(e.instanceId())).toList();
    }

    private static <T extends InstanceEvent> T find(List<Envelope> es, Class<T> type, String instanceId,
            int attempt) {
        return EventProbe.ofType(es, type).stream()
                .filter(e -> e.instanceId().equals(instanceId) && e.attempt() == attempt)
                .reduce((a, b) -> b).orElse(null);
    }

    @Override
    public void close() {
        probe.close();
    }
}
