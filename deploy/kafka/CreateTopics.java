// deploy/kafka/CreateTopics.java — creates the topics of deploy/kafka/topics.txt that do not exist yet, with the
// broker's default partitions, and waits until the broker leads every partition. Run as a single-file source
// program on the local Kafka classpath (./haneul up, deploy/rehearsal/run.sh):
//   java -cp "$KAFKA_CP" deploy/kafka/CreateTopics.java <bootstrap> deploy/kafka/topics.txt
// Why before any service starts: see event-contracts' Topics (an auto-created topic can lose a first batch).
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

public class CreateTopics {
    public static void main(String[] args) throws Exception {
        List<String> topics = Files.readAllLines(Path.of(args[1])).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.empty(), Optional.empty())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .map(TopicDescription::partitions).flatMap(List::stream).allMatch(p -> p.leader() != null)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a partition of " + topics + " has no leader after 60 s");
                }
                Thread.sleep(100);
            }
            System.out.printf("topics: %d created, %d already there%n", missing.size(), topics.size() - missing.size());
        }
    }
}
