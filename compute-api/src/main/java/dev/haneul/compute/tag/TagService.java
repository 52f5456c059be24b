package dev.haneul.compute.tag;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceQueries;
import dev.haneul.compute.instance.api.LaunchRequest.Tag;
import dev.haneul.compute.saga.InstanceLifecycle;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.hibernate.StaleObjectStateException;

/** CreateTags / DeleteTags on instances: the instance's tags column and its tag rows change together. */
@ApplicationScoped
public class TagService {

    public Uni<List<Tag>> add(String accountId, String instanceId, List<Tag> tags) {
        return change(accountId, instanceId, current -> Tags.merge(current, tags));
    }

    public Uni<List<Tag>> remove(String accountId, String instanceId, String key, String value) {
        return change(accountId, instanceId, current -> Tags.remove(current, key, value));
    }

    /** The tag rows of freshly launched instances (inside the launch's transaction). */
    public static Uni<Void> persistRows(List<Instance> instances) {
        List<InstanceTag> rows = instances.stream().flatMap(i -> tagsOf(i).stream()
                .map(t -> InstanceTag.of(i.instanceId, t.key(), t.value()))).toList();
        return rows.isEmpty() ? Uni.createFrom().voidItem() : InstanceTag.persist(rows);
    }

    public static List<Tag> tagsOf(Instance i) {
        return InstanceLifecycle.readList(i.tags, new TypeReference<List<Tag>>() { });
    }

    private Uni<List<Tag>> change(String accountId, String instanceId, UnaryOperator<List<Tag>> fn) {
        return Panache.withTransaction(() -> InstanceQueries.owned(accountId, instanceId).chain(i -> {
            List<Tag> after = fn.apply(tagsOf(i));
            i.tags = InstanceLifecycle.writeJson(after);
            return InstanceTag.delete("instanceId", instanceId)
                    .chain(() -> persistRows(List.of(i)))
                    .replaceWith(after);
        })).onFailure(StaleObjectStateException.class).retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofMillis(200)).atMost(5);
    }
}
