package dev.haneul.volume.volume;

import dev.haneul.kit.paging.PageRequest;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** DescribeVolumes' filters for one account, as one query ordered by id for paging. */
public record VolumeQuery(String accountId, List<String> volumeIds, String state, String availabilityZone,
        String instanceId) {

    /** Must run inside a session. */
    public Uni<List<Volume>> fetch(PageRequest paging) {
        StringBuilder hql = new StringBuilder("accountId = :account");
        Parameters params = Parameters.with("account", accountId);
        if (volumeIds != null && !volumeIds.isEmpty()) {
            volumeIds.forEach(VolumeLookup::checkId);
            hql.append(" and volumeId in :ids");
            params.and("ids", volumeIds);
        }
        if (state != null) {
            hql.append(" and state = :state");
            params.and("state", state);
        }
        if (availabilityZone != null) {
            hql.append(" and availabilityZone = :zone");
            params.and("zone", availabilityZone);
        }
        if (instanceId != null) {
            hql.append(" and instanceId = :instance");
            params.and("instance", instanceId);
        }
        if (!paging.first()) {
            hql.append(" and ").append(paging.keysetCondition(params, "volumeId"));
        }
        hql.append(" order by volumeId");
        return Volume.<Volume>find(hql.toString(), params).page(0, paging.fetchSize()).list();
    }
}
