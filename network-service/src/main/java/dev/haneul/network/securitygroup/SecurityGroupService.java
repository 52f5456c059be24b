package dev.haneul.network.securitygroup;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.common.IdChecks;
import dev.haneul.network.common.Sql;
import dev.haneul.network.quota.Quota;
import dev.haneul.network.quota.Quotas;
import dev.haneul.network.securitygroup.api.CreateSecurityGroupRequest;
import dev.haneul.network.securitygroup.api.SecurityGroupView;
import dev.haneul.network.vpc.DefaultVpcProvisioner;
import dev.haneul.network.vpc.Vpc;
import dev.haneul.network.vpc.VpcService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Creates, reads and deletes security groups, always scoped to one account. */
@ApplicationScoped
public class SecurityGroupService {
    private final DefaultVpcProvisioner provisioner;
    private final VpcService vpcs;
    private final Quotas quotas;

    public SecurityGroupService(DefaultVpcProvisioner provisioner, VpcService vpcs, Quotas quotas) {
        this.provisioner = provisioner;
        this.vpcs = vpcs;
        this.quotas = quotas;
    }

    public Uni<Page<SecurityGroupView>> list(String accountId, String vpcId, String groupName, PageRequest paging) {
        PageRequest.Keyset k = paging.keyset("id", "accountId", accountId, "vpcId", vpcId, "groupName", groupName);
        return Panache.withTransaction(() -> provisioner.ensureDefault(accountId))
                .chain(() -> Panache.withSession(() -> SecurityGroup.<SecurityGroup>find(k.query(), k.params())
                        .range(0, paging.limit()).list()
                        .chain(rows -> views(rows).map(views -> paging.pageById(views, SecurityGroupView::groupId,
                                v -> v)))));
    }

    public Uni<SecurityGroupView> get(String accountId, String groupId) {
        IdChecks.wellFormed("sg", groupId, "InvalidGroupId", "security group");
        return Panache.withSession(() -> find(accountId, groupId).chain(g -> views(List.of(g))).map(l -> l.get(0)));
    }

    public Uni<SecurityGroupView> create(String accountId, CreateSecurityGroupRequest r) {
        if (r.groupName().equalsIgnoreCase(SecurityGroup.DEFAULT_NAME)) {
            throw ApiException.badRequest("InvalidGroup.Reserved", "The security group 'default' is reserved.");
        }
        if (r.vpcId() != null) {
            IdChecks.wellFormed("vpc", r.vpcId(), "InvalidVpcID", "vpc");
        }
        String groupId = Ids.newId("sg");
        // lock order: the account's quota lock, its default VPC, the group's VPC (so that the VPC cannot be deleted
        // meanwhile: its deletion takes the same row and then sees the new group)
        return AccountLock.inTransaction(accountId, () -> provisioner.ensureDefault(accountId)
                .chain(() -> quotas.check(accountId, Quota.SECURITY_GROUPS, 1))
                .chain(() -> r.vpcId() == null
                        ? Vpc.<Vpc>find("accountId = ?1 and isDefault = true", accountId).firstResult()
                        : vpcs.find(accountId, r.vpcId()))
                .call(vpc -> vpcs.lockForChange(accountId, vpc.id))
                .chain(vpc -> Sql.update("INSERT IGNORE INTO security_group (id, account_id, vpc_id, group_name, "
                        + "description, is_default, created_at) VALUES (:id, :a, :v, :n, :d, FALSE, NOW(6))",
                        Map.of("id", groupId, "a", accountId, "v", vpc.id, "n", r.groupName(), "d", r.description()))
                        .map(rows -> {
                            if (rows == 0) {
                                throw ApiException.conflict("InvalidGroup.Duplicate", "The security group '"
                                        + r.groupName() + "' already exists for VPC '" + vpc.id + "'");
                            }
                            return rows;
                        }))
                .chain(() -> DefaultSecurityGroup.allowAllEgress(groupId)))
                .chain(() -> get(accountId, groupId));
    }

    public Uni<Void> delete(String accountId, String groupId) {
        IdChecks.wellFormed("sg", groupId, "InvalidGroupId", "security group");
        return Panache.withTransaction(() -> lockForChange(accountId, groupId)
                .chain(() -> find(accountId, groupId))
                .chain(g -> {
                    if (g.isDefault) {
                        throw ApiException.badRequest("CannotDelete", "the specified group: \"" + groupId
                                + "\" name: \"default\" cannot be deleted by a user");
                    }
                    return Sql.<Number>column("SELECT (SELECT COUNT(*) FROM network_interface WHERE "
                            + "FIND_IN_SET(:g, security_group_ids) > 0) + (SELECT COUNT(*) FROM security_group_rule "
                            + "WHERE referenced_group_id = :g AND group_id <> :g)", Map.of("g", groupId));
                })
                .chain(n -> {
                    if (n.get(0).longValue() > 0) {
                        throw ApiException.conflict("DependencyViolation", "resource " + groupId
                                + " has a dependent object");
                    }
                    return Sql.update("DELETE FROM security_group_rule WHERE group_id = :g", Map.of("g", groupId))
                            .chain(() -> Sql.update("DELETE FROM security_group WHERE id = :g", Map.of("g", groupId)));
                })).replaceWithVoid();
    }

    /** The account's group, or 404 {@code InvalidGroup.NotFound}; must run in a session. */
    public Uni<SecurityGroup> find(String accountId, String groupId) {
        return SecurityGroup.<SecurityGroup>findById(groupId).map(g -> {
            if (g == null || !g.accountId.equals(accountId)) {
                throw ApiException.notFound("InvalidGroup.NotFound", "The security group '" + groupId
                        + "' does not exist");
            }
            return g;
        });
    }

    /** Serialises changes of a group (its generation's row lock); 404 when the account has no such group. */
    public Uni<Void> lockForChange(String accountId, String groupId) {
        return Sql.update("UPDATE security_group SET generation = generation + 1 WHERE id = :g AND account_id = :a",
                Map.of("g", groupId, "a", accountId)).map(rows -> {
                    if (rows == 0) {
                        throw ApiException.notFound("InvalidGroup.NotFound", "The security group '" + groupId
                                + "' does not exist");
                    }
                    return null;
                });
    }

    private Uni<List<SecurityGroupView>> views(List<SecurityGroup> groups) {
        if (groups.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return SecurityGroupRule.<SecurityGroupRule>list("groupId in ?1 order by ipProtocol, fromPort, toPort, id",
                groups.stream().map(g -> g.id).toList())
                .map(rules -> {
                    Map<String, List<SecurityGroupRule>> byGroup = rules.stream()
                            .collect(Collectors.groupingBy(r -> r.groupId + "|" + r.direction));
                    return groups.stream().map(g -> new SecurityGroupView(g.id, g.groupName, g.description, g.vpcId,
                            g.accountId,
                            RuleSpec.permissions(byGroup.getOrDefault(g.id + "|" + SecurityGroupRule.INGRESS, List.of())),
                            RuleSpec.permissions(byGroup.getOrDefault(g.id + "|" + SecurityGroupRule.EGRESS, List.of()))))
                            .toList();
                });
    }
}
