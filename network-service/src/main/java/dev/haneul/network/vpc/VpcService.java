package dev.haneul.network.vpc;

import dev.haneul.events.network.VpcCreated;
import dev.haneul.events.network.VpcDeleted;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.common.IdChecks;
import dev.haneul.network.common.Sql;
import dev.haneul.network.ipam.AddressBlock;
import dev.haneul.network.quota.Quota;
import dev.haneul.network.quota.Quotas;
import dev.haneul.network.vpc.api.VpcView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;

/** Reads and changes VPCs, always scoped to one account. */
@ApplicationScoped
public class VpcService {
    private final DefaultVpcProvisioner provisioner;
    private final VpcDefaultGroup defaultGroup;
    private final Outbox outbox;
    private final Quotas quotas;
    private final Clock clock;

    public VpcService(DefaultVpcProvisioner provisioner, VpcDefaultGroup defaultGroup, Outbox outbox,
            Quotas quotas, Clock clock) {
        this.provisioner = provisioner;
        this.defaultGroup = defaultGroup;
        this.outbox = outbox;
        this.quotas = quotas;
        this.clock = clock;
    }

    public Uni<Page<VpcView>> list(String accountId, PageRequest paging) {
        return Panache.withTransaction(() -> provisioner.ensureDefault(accountId))
                .chain(() -> {
                    PageRequest.Keyset k = paging.keyset("id", "accountId", accountId);
                    return Panache.withSession(() -> Vpc.<Vpc>find(k.query(), k.params()).range(0, paging.limit()).list());
                })
                .map(rows -> paging.pageById(rows, v -> v.id, VpcView::of));
    }

    public Uni<VpcView> get(String accountId, String vpcId) {
        IdChecks.wellFormed("vpc", vpcId, "InvalidVpcID", "vpc");
        return Panache.withSession(() -> find(accountId, vpcId)).map(VpcView::of);
    }

    public Uni<VpcView> create(String accountId, String cidrBlock) {
        String cidr = checkedBlock(cidrBlock, "InvalidVpcRange");
        // the account's quota lock first, then its default VPC (which never fails on a quota but counts), then
        // the counts: the VPC and its default security group must both fit
        return AccountLock.inTransaction(accountId, () -> provisioner.ensureDefault(accountId)
                .chain(() -> quotas.check(accountId, Quota.VPCS, 1))
                .chain(() -> quotas.check(accountId, Quota.SECURITY_GROUPS, 1))
                .chain(() -> {
                    Vpc v = new Vpc();
                    v.id = Ids.newId("vpc");
                    v.accountId = accountId;
                    v.cidrBlock = cidr;
                    v.state = "available";
                    v.createdAt = clock.instant();
                    return v.<Vpc>persist().call(() -> defaultGroup.create(accountId, v.id))
                            .call(() -> RouteTables.createMain(accountId, v.id, cidr, null))
                            .call(() -> outbox.publish(new VpcCreated(accountId, v.id, cidr, false, v.createdAt)));
                })).map(VpcView::of);
    }

    public Uni<Void> delete(String accountId, String vpcId) {
        IdChecks.wellFormed("vpc", vpcId, "InvalidVpcID", "vpc");
        return Panache.withTransaction(() -> lockForChange(accountId, vpcId)
                .chain(() -> Sql.<Number>column("SELECT (SELECT COUNT(*) FROM subnet WHERE vpc_id = :v) "
                        + "+ (SELECT COUNT(*) FROM network_interface WHERE vpc_id = :v) "
                        + "+ (SELECT COUNT(*) FROM internet_gateway WHERE vpc_id = :v) "
                        + "+ (SELECT COUNT(*) FROM route_table WHERE vpc_id = :v AND main_of IS NULL) "
                        + "+ (SELECT COUNT(*) FROM security_group WHERE vpc_id = :v AND NOT is_default)",
                        Map.of("v", vpcId)))
                .chain(n -> {
                    if (n.get(0).longValue() > 0) {
                        throw ApiException.conflict("DependencyViolation",
                                "The vpc '" + vpcId + "' has dependencies and cannot be deleted.");
                    }
                    return Sql.update("DELETE r FROM security_group_rule r JOIN security_group g ON g.id = r.group_id "
                            + "WHERE g.vpc_id = :v", Map.of("v", vpcId))
                            .chain(() -> Sql.update("DELETE FROM security_group WHERE vpc_id = :v", Map.of("v", vpcId)))
                            .chain(() -> RouteTables.deleteAllOf(vpcId))
                            .chain(() -> Sql.update("DELETE FROM vpc WHERE id = :v", Map.of("v", vpcId)))
                            .chain(() -> outbox.publish(new VpcDeleted(accountId, vpcId, clock.instant())));
                })).replaceWithVoid();
    }

    /** The account's VPC, or 404 {@code InvalidVpcID.NotFound}; must run in a session. */
    public Uni<Vpc> find(String accountId, String vpcId) {
        return Vpc.<Vpc>findById(vpcId).map(v -> {
            if (v == null || !v.accountId.equals(accountId)) {
                throw IdChecks.notFound("InvalidVpcID", "vpc", vpcId);
            }
            return v;
        });
    }

    /**
     * Serialises changes of one VPC's subnets (a conditional update of its generation, which holds the row
     * until commit) and answers 404 when the account has no such VPC. Must be the transaction's first statement.
     */
    public Uni<Void> lockForChange(String accountId, String vpcId) {
        return Sql.update("UPDATE vpc SET generation = generation + 1 WHERE id = :v AND account_id = :a",
                Map.of("v", vpcId, "a", accountId)).map(rows -> {
                    if (rows == 0) {
                        throw IdChecks.notFound("InvalidVpcID", "vpc", vpcId);
                    }
                    return null;
                });
    }

    /** A canonical CIDR of /16 to /28, or 400 with {@code rangeCode} (or InvalidParameterValue when unparsable). */
    public static String checkedBlock(String cidrBlock, String rangeCode) {
        AddressBlock block;
        try {
            block = AddressBlock.subnet(cidrBlock);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("Value (" + cidrBlock + ") for parameter cidrBlock is invalid. "
                    + "This is not a valid CIDR block.");
        }
        if (block.prefixLength() < 16 || block.prefixLength() > 28) {
            throw ApiException.badRequest(rangeCode, "The CIDR '" + cidrBlock + "' is invalid.");
        }
        return block.cidr();
    }
}
