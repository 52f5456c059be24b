package dev.haneul.network.gateway;

import dev.haneul.events.network.InternetGatewayAttached;
import dev.haneul.events.network.InternetGatewayDetached;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.lock.AccountLock;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.common.IdChecks;
import dev.haneul.network.common.Sql;
import dev.haneul.network.gateway.api.InternetGatewayView;
import dev.haneul.network.quota.Quota;
import dev.haneul.network.quota.Quotas;
import dev.haneul.network.vpc.DefaultVpcProvisioner;
import dev.haneul.network.vpc.VpcService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;

/**
 * Internet gateways with EC2's rules: at most {@code haneul.network.quota.internet-gateways} per account (or the
 * account's override), one per VPC
 * ({@code Resource.AlreadyAssociated}), no deletion while attached and no detaching while an interface of the
 * VPC holds a public or elastic IP ({@code DependencyViolation}).
 */
@ApplicationScoped
public class InternetGatewayService {
    static final String ID = "InvalidInternetGatewayID";

    private final DefaultVpcProvisioner provisioner;
    private final VpcService vpcs;
    private final Outbox outbox;
    private final Quotas quotas;
    private final Clock clock;

    public InternetGatewayService(DefaultVpcProvisioner provisioner, VpcService vpcs, Outbox outbox, Quotas quotas,
            Clock clock) {
        this.provisioner = provisioner;
        this.vpcs = vpcs;
        this.outbox = outbox;
        this.quotas = quotas;
        this.clock = clock;
    }

    public Uni<Page<InternetGatewayView>> list(String accountId, String vpcId, PageRequest paging) {
        PageRequest.Keyset k = paging.keyset("id", "accountId", accountId, "vpcId", vpcId);
        return Panache.withTransaction(() -> provisioner.ensureDefault(accountId))
                .chain(() -> Panache.withSession(() -> InternetGateway.<InternetGateway>find(k.query(), k.params())
                        .range(0, paging.limit()).list()))
                .map(rows -> paging.pageById(rows, g -> g.id, InternetGatewayView::of));
    }

    public Uni<InternetGatewayView> get(String accountId, String gatewayId) {
        IdChecks.wellFormed("igw", gatewayId, ID, "internet gateway");
        return Panache.withSession(() -> find(accountId, gatewayId)).map(InternetGatewayView::of);
    }

    public Uni<InternetGatewayView> create(String accountId) {
        // the quota lock first (before the default VPC, whose gateway counts), as everywhere
        return AccountLock.inTransaction(accountId, () -> provisioner.ensureDefault(accountId)
                .chain(() -> quotas.check(accountId, Quota.INTERNET_GATEWAYS, 1))
                .chain(() -> {
                    InternetGateway g = new InternetGateway();
                    g.id = Ids.newId("igw");
                    g.accountId = accountId;
                    g.createdAt = clock.instant();
                    return g.<InternetGateway>persist();
                })).map(InternetGatewayView::of);
    }

    public Uni<Void> delete(String accountId, String gatewayId) {
        IdChecks.wellFormed("igw", gatewayId, ID, "internet gateway");
        return Panache.withTransaction(() -> lockForChange(accountId, gatewayId)
                .chain(() -> find(accountId, gatewayId))
                .chain(g -> {
                    if (g.vpcId != null) {
                        throw ApiException.conflict("DependencyViolation", "The internetGateway '" + gatewayId
                                + "' has dependencies and cannot be deleted.");
                    }
                    return g.delete();
                }));
    }

    public Uni<InternetGatewayView> attach(String accountId, String gatewayId, String vpcId) {
        IdChecks.wellFormed("igw", gatewayId, ID, "internet gateway");
        IdChecks.wellFormed("vpc", vpcId, "InvalidVpcID", "vpc");
        // lock order everywhere: the VPC, then the gateway
        return Panache.withTransaction(() -> vpcs.lockForChange(accountId, vpcId)
                .chain(() -> lockForChange(accountId, gatewayId))
                .chain(() -> find(accountId, gatewayId))
                .chain(g -> {
                    if (g.vpcId != null) {
                        throw ApiException.conflict("Resource.AlreadyAssociated", "resource " + gatewayId
                                + " is already attached to network " + g.vpcId);
                    }
                    return Sql.<Number>column("SELECT COUNT(*) FROM internet_gateway WHERE vpc_id = :v",
                            Map.of("v", vpcId)).chain(n -> {
                                if (n.get(0).longValue() > 0) {
                                    throw ApiException.conflict("Resource.AlreadyAssociated", "Network " + vpcId
                                            + " already has an internet gateway attached");
                                }
                                g.vpcId = vpcId;
                                return outbox.publish(new InternetGatewayAttached(accountId, gatewayId, vpcId,
                                        clock.instant())).replaceWith(g);
                            });
                })).map(InternetGatewayView::of);
    }

    public Uni<InternetGatewayView> detach(String accountId, String gatewayId, String vpcId) {
        IdChecks.wellFormed("igw", gatewayId, ID, "internet gateway");
        IdChecks.wellFormed("vpc", vpcId, "InvalidVpcID", "vpc");
        return Panache.withTransaction(() -> vpcs.lockForChange(accountId, vpcId)
                .chain(() -> lockForChange(accountId, gatewayId))
                .chain(() -> find(accountId, gatewayId))
                .chain(g -> {
                    if (!vpcId.equals(g.vpcId)) {
                        throw ApiException.badRequest("Gateway.NotAttached", "resource " + gatewayId
                                + " is not attached to network " + vpcId);
                    }
                    return Sql.<Number>column("SELECT COUNT(*) FROM network_interface WHERE vpc_id = :v "
                            + "AND public_ip_address IS NOT NULL", Map.of("v", vpcId)).chain(n -> {
                                if (n.get(0).longValue() > 0) {
                                    throw ApiException.conflict("DependencyViolation", "Network " + vpcId
                                            + " has some mapped public address(es). Please unmap those public "
                                            + "address(es) before detaching the gateway.");
                                }
                                g.vpcId = null;
                                return outbox.publish(new InternetGatewayDetached(accountId, gatewayId, vpcId,
                                        clock.instant())).replaceWith(g);
                            });
                })).map(InternetGatewayView::of);
    }

    /** The account's gateway, or 404 {@code InvalidInternetGatewayID.NotFound}; must run in a session. */
    public Uni<InternetGateway> find(String accountId, String gatewayId) {
        return InternetGateway.<InternetGateway>findById(gatewayId).map(g -> {
            if (g == null || !g.accountId.equals(accountId)) {
                throw IdChecks.notFound(ID, "internet gateway", gatewayId);
            }
            return g;
        });
    }

    private static Uni<Void> lockForChange(String accountId, String gatewayId) {
        return Sql.update("UPDATE internet_gateway SET generation = generation + 1 WHERE id = :g AND account_id = :a",
                Map.of("g", gatewayId, "a", accountId)).map(rows -> {
                    if (rows == 0) {
                        throw IdChecks.notFound(ID, "internet gateway", gatewayId);
                    }
                    return null;
                });
    }

    /** The gateway attached to the VPC, if any; must run in a session. */
    public static Uni<String> attachedTo(String vpcId) {
        return Sql.<String>column("SELECT id FROM internet_gateway WHERE vpc_id = :v", Map.of("v", vpcId))
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }
}
