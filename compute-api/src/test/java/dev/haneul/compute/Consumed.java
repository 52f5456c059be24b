package dev.haneul.compute;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * A barrier for tests that assert that something did NOT change: waits until a consumer group has committed
 * (so processed) everything on a topic, by comparing its committed offsets with the topic's end offsets.
 */
final class Consumed {
    private Consumed() {
    }

    static void await(String kafka, String group, String topic) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (Admin admin = Admin.create(p)) {
            Awaitility.await().atMost(SagaDriver.WAIT).until(() -> {
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                        .partitions().stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get().entrySet()
                        .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || (committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue()));
            });
        }
    }
}
