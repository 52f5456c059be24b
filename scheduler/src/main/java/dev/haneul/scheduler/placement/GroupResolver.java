package dev.haneul.scheduler.placement;

import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.scheduler.placementgroup.PlacementGroup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Finds the placement group of a request (by id, or by name within the account) and its current members. */
@ApplicationScoped
public class GroupResolver {

    /** Empty when the request names no group, or a group the account does not have. */
    public Uni<Optional<GroupContext>> resolve(InstanceRequested r) {
        if (r.placementGroupId() == null || r.placementGroupId().isBlank()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return PlacementGroup.<PlacementGroup>find("accountId = ?1 and (groupId = ?2 or groupName = ?2)",
                r.accountId(), r.placementGroupId()).firstResult().chain(g -> g == null
                        ? Uni.createFrom().item(Optional.<GroupContext>empty())
                        : members(g, r.availabilityZone()).map(members -> {
                            int partitions = g.partitionCount == null ? 0 : g.partitionCount;
                            return Optional.of(new GroupContext(g.groupId, g.strategy, partitions, members,
                                    GroupContext.leastUsedPartition(g.strategy, partitions, members)));
                        }));
    }

    private Uni<List<GroupContext.Member>> members(PlacementGroup g, String availabilityZone) {
        return Panache.getSession().chain(s -> s.createQuery("select new " + GroupContext.Member.class.getName()
                + "(a.hostId, h.rack, a.partitionNumber) from Allocation a, Host h where a.hostId = h.hostId"
                + " and a.placementGroupId = :g and h.availabilityZone = :az", GroupContext.Member.class)
                .setParameter("g", g.groupId).setParameter("az", availabilityZone).getResultList());
    }
}
