package dev.haneul.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Topics;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {
    @Test
    void everyTopicExistsWithLedPartitionsBeforeTheBrokerIsHandedOut() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers()))) {
            assertTrue(admin.listTopics().names().get().containsAll(Set.copyOf(Topics.ALL)));
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get();
            for (TopicDescription t : topics.values()) {
                assertEquals(6, t.partitions().size(), t.name() + ": the broker's num.partitions");
                assertTrue(t.partitions().stream().allMatch(p -> p.leader() != null), t.name() + " has no leader");
            }
            assertEquals(Set.copyOf(Topics.ALL), topics.keySet());
        }
    }
}
