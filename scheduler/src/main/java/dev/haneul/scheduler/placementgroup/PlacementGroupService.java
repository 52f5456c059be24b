package dev.haneul.scheduler.placementgroup;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.scheduler.placementgroup.api.CreatePlacementGroupRequest;
import dev.haneul.scheduler.placementgroup.api.PlacementGroupListView;
import dev.haneul.scheduler.placementgroup.api.PlacementGroupView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;

/** Creates, lists and deletes an account's placement groups, with EC2's rules and error codes. */
@ApplicationScoped
public class PlacementGroupService {
    private static final Set<String> STRATEGIES = Set.of(PlacementGroup.CLUSTER, PlacementGroup.SPREAD,
            PlacementGroup.PARTITION);
    private static final int MAX_PARTITIONS = 7;

    private final GroupUse use;

    public PlacementGroupService(GroupUse use) {
        this.use = use;
    }

    public Uni<PlacementGroupView> create(String accountId, CreatePlacementGroupRequest req) {
        if (!STRATEGIES.contains(req.strategy())) {
            throw ApiException.invalidParameter("The value '" + req.strategy() + "' for parameter strategy is "
                    + "invalid. Valid values: cluster, spread, partition.");
        }
        boolean partition = PlacementGroup.PARTITION.equals(req.strategy());
        if (req.partitionCount() != null && !partition) {
            throw ApiException.invalidParameter("PartitionCount can only be specified for the partition strategy.");
        }
        int partitions = req.partitionCount() == null ? 2 : req.partitionCount();
        if (partition && (partitions < 1 || partitions > MAX_PARTITIONS)) {
            throw ApiException.invalidParameter("The value '" + partitions + "' for parameter partitionCount is "
                    + "invalid. It must be between 1 and " + MAX_PARTITIONS + ".");
        }
        return Panache.withTransaction(() -> PlacementGroup.count("accountId = ?1 and groupName = ?2", accountId,
                req.groupName()).chain(n -> {
                    if (n > 0) {
                        return Uni.createFrom().failure(ApiException.badRequest("InvalidPlacementGroup.Duplicate",
                                "The Placement Group '" + req.groupName() + "' already exists."));
                    }
                    PlacementGroup g = new PlacementGroup();
                    g.groupId = Ids.newId("pg");
                    g.accountId = accountId;
                    g.groupName = req.groupName();
                    g.strategy = req.strategy();
                    g.partitionCount = partition ? partitions : null;
                    g.createdAt = Instant.now();
                    return g.persist().replaceWith(g);
                })).map(PlacementGroupService::view);
    }

    public Uni<PlacementGroupListView> list(String accountId) {
        return Panache.withSession(() -> PlacementGroup.<PlacementGroup>list("accountId = ?1 order by groupName",
                accountId)).map(gs -> new PlacementGroupListView(gs.stream().map(PlacementGroupService::view).toList()));
    }

    public Uni<PlacementGroupView> get(String accountId, String groupId) {
        return Panache.withSession(() -> find(accountId, groupId)).map(PlacementGroupService::view);
    }

    /** Deletes an empty group; one with instances is {@code InvalidPlacementGroup.InUse}. */
    public Uni<Void> delete(String accountId, String groupId) {
        return Panache.withTransaction(() -> find(accountId, groupId).chain(g -> use
                .instancesIn(g.groupId).chain(n -> {
                    if (n > 0) {
                        return Uni.createFrom().failure(ApiException.conflict("InvalidPlacementGroup.InUse",
                                "The placement group '" + g.groupName + "' is in use and may not be deleted."));
                    }
                    return g.delete();
                })));
    }

    private static Uni<PlacementGroup> find(String accountId, String groupId) {
        return PlacementGroup.<PlacementGroup>find("groupId = ?1 and accountId = ?2", groupId, accountId)
                .firstResult().map(g -> {
                    if (g == null) {
                        throw ApiException.notFound("InvalidPlacementGroup.Unknown",
                                "The Placement Group '" + groupId + "' is unknown.");
                    }
                    return g;
                });
    }

    private static PlacementGroupView view(PlacementGroup g) {
        return new PlacementGroupView(g.groupId, g.groupName, g.strategy, g.partitionCount, "available", g.createdAt);
    }
}
