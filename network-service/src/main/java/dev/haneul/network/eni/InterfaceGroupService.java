package dev.haneul.network.eni;

import dev.haneul.events.network.NetworkInterfaceGroupsChanged;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.network.common.IdChecks;
import dev.haneul.network.common.Sql;
import dev.haneul.network.eni.api.NetworkInterfaceView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Replaces an interface's security groups (EC2's ModifyNetworkInterfaceAttribute / ModifyInstanceAttribute
 * groupSet): 1 to {@value NetworkInterface#GROUP_LIMIT} groups of the account in the interface's VPC. The groups' rows are
 * locked (their generation bumped) so a concurrent deletion of one of them waits and then sees it in use.
 */
@ApplicationScoped
public class InterfaceGroupService {
    private final Outbox outbox;
    private final InterfaceRulesPublisher rules;
    private final Clock clock;

    public InterfaceGroupService(Outbox outbox, Clock clock, InterfaceRulesPublisher rules) {
        this.rules = rules;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Uni<NetworkInterfaceView> replace(String accountId, String eniId, List<String> requested) {
        IdChecks.wellFormed("eni", eniId, "InvalidNetworkInterfaceID", "network interface");
        if (requested == null || requested.isEmpty()) {
            throw ApiException.invalidParameter("groupIds must name at least one security group.");
        }
        for (String g : requested) {
            if (!Ids.isWellFormed("sg", g)) {
                throw ApiException.badRequest("InvalidGroupId.Malformed", "Invalid id: \"" + g
                        + "\" (expecting \"sg-...\")");
            }
        }
        List<String> ids = requested.stream().distinct().toList();
        if (ids.size() > NetworkInterface.GROUP_LIMIT) {
            throw ApiException.badRequest("SecurityGroupsPerInterfaceLimitExceeded",
                    "The maximum number of security groups per interface has been reached.");
        }
        // the groups' rows first, then the interface's (re-read under its lock): the order a rule change takes
        // (RuleService locks the group, then its interfaces), so the two never deadlock
        return Panache.withTransaction(() -> NetworkInterface.<NetworkInterface>find("id = ?1 and accountId = ?2",
                eniId, accountId).firstResult()
                .chain(found -> {
                    if (found == null) {
                        throw IdChecks.notFound("InvalidNetworkInterfaceID", "network interface", eniId);
                    }
                    return Sql.update("UPDATE security_group SET generation = generation + 1 WHERE id IN (:ids) "
                            + "AND account_id = :a AND vpc_id = :v", Map.of("ids", ids, "a", accountId, "v",
                                    found.vpcId))
                            .chain(rows -> {
                                if (rows != ids.size()) {
                                    throw ApiException.notFound("InvalidGroup.NotFound", "The security group(s) "
                                            + String.join(", ", ids) + " do not all exist in VPC '" + found.vpcId
                                            + "'");
                                }
                                return Panache.getSession().chain(s -> s.refresh(found,
                                        LockModeType.PESSIMISTIC_WRITE)).replaceWith(found);
                            });
                })
                .chain(eni -> {
                    if (eni.securityGroupIds().equals(ids)) {
                        return Uni.createFrom().item(eni);
                    }
                    eni.securityGroupIds(ids);
                    return outbox.publish(new NetworkInterfaceGroupsChanged(accountId, eni.id, eni.instanceId, ids,
                            clock.instant())).chain(() -> rules.interfaceChanged(eni)).replaceWith(eni);
                })).map(NetworkInterfaceView::of);
    }
}
