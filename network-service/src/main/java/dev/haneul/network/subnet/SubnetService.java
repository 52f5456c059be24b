package dev.haneul.network.subnet;

import dev.haneul.events.network.SubnetCreated;
import dev.haneul.events.network.SubnetDeleted;
import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.common.IdChecks;
import dev.haneul.network.common.Sql;
import dev.haneul.network.config.Zones;
import dev.haneul.network.ipam.AddressBlock;
import dev.haneul.network.quota.Quotas;
import dev.haneul.network.subnet.api.CreateSubnetRequest;
import dev.haneul.network.subnet.api.SubnetView;
import dev.haneul.network.vpc.DefaultVpcProvisioner;
import dev.haneul.network.vpc.RouteTables;
import dev.haneul.network.vpc.VpcService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads subnets, always scoped to one account, with their free address counts. */
@ApplicationScoped
public class SubnetService {
    private final DefaultVpcProvisioner provisioner;
    private final VpcService vpcs;
    private final Zones zones;
    private final Outbox outbox;
    private final Quotas quotas;
    private final Clock clock;

    public SubnetService(DefaultVpcProvisioner provisioner, VpcService vpcs, Zones zones, Outbox outbox,
            Quotas quotas, Clock clock) {
        this.provisioner = provisioner;
        this.vpcs = vpcs;
        this.zones = zones;
        this.outbox = outbox;
        this.quotas = quotas;
        this.clock = clock;
    }

    public Uni<SubnetView> create(String accountId, CreateSubnetRequest request) {
        IdChecks.wellFormed("vpc", request.vpcId(), "InvalidVpcID", "vpc");
        String cidr = VpcService.checkedBlock(request.cidrBlock(), "InvalidSubnet.Range");
        String zone = request.availabilityZone() == null ? zones.names().get(0) : request.availabilityZone();
        if (!zones.exists(zone)) {
            throw ApiException.invalidParameter("Value (" + zone + ") for parameter availabilityZone is invalid. "
                    + "Subnets can currently only be created in the following availability zones: "
                    + String.join(", ", zones.names()) + ".");
        }
        AddressBlock block = AddressBlock.subnet(cidr);
        return Panache.withTransaction(() -> vpcs.lockForChange(accountId, request.vpcId())
                .chain(() -> vpcs.find(accountId, request.vpcId()))
                .chain(vpc -> {
                    if (!AddressBlock.subnet(vpc.cidrBlock).encloses(block)) {
                        throw ApiException.badRequest("InvalidSubnet.Range", "The CIDR '" + request.cidrBlock()
                                + "' is invalid.");
                    }
                    return Subnet.<Subnet>list("vpcId", vpc.id);
                })
                .chain(siblings -> {
                    Quotas.perContainer(siblings.size(), quotas.subnetsPerVpc(), "SubnetLimitExceeded", "subnets",
                            "VPC '" + request.vpcId() + "'");
                    if (siblings.stream().anyMatch(s -> s.block().overlaps(block))) {
                        throw ApiException.conflict("InvalidSubnet.Conflict", "The CIDR '" + cidr
                                + "' conflicts with another subnet");
                    }
                    Subnet s = new Subnet();
                    s.id = Ids.newId("subnet");
                    s.accountId = accountId;
                    s.vpcId = request.vpcId();
                    s.cidrBlock = cidr;
                    s.availabilityZone = zone;
                    s.mapPublicIpOnLaunch = Boolean.TRUE.equals(request.mapPublicIpOnLaunch());
                    s.state = "available";
                    s.createdAt = clock.instant();
                    return s.<Subnet>persist().call(() -> outbox.publish(new SubnetCreated(accountId, s.id, s.vpcId,
                            s.cidrBlock, s.availabilityZone, s.createdAt)));
                })).chain(s -> get(accountId, s.id));
    }

    /** Whether launches into the subnet map a public IP; 404 for another account's subnet. */
    public Uni<SubnetView> modify(String accountId, String subnetId, boolean mapPublicIpOnLaunch) {
        IdChecks.wellFormed("subnet", subnetId, "InvalidSubnetID", "subnet");
        return Panache.withTransaction(() -> find(accountId, subnetId)
                .chain(s -> Sql.update("UPDATE subnet SET map_public_ip_on_launch = :m WHERE id = :s",
                        Map.of("m", mapPublicIpOnLaunch, "s", subnetId))))
                .chain(() -> get(accountId, subnetId));
    }

    public Uni<Void> delete(String accountId, String subnetId) {
        IdChecks.wellFormed("subnet", subnetId, "InvalidSubnetID", "subnet");
        return Panache.withTransaction(() -> find(accountId, subnetId)
                .chain(s -> vpcs.lockForChange(accountId, s.vpcId).replaceWith(s))
                .chain(s -> Sql.<Number>column("SELECT COUNT(*) FROM network_interface WHERE subnet_id = :s",
                        Map.of("s", subnetId)).chain(n -> {
                            if (n.get(0).longValue() > 0) {
                                throw ApiException.conflict("DependencyViolation", "The subnet '" + subnetId
                                        + "' has dependencies and cannot be deleted.");
                            }
                            return Sql.update("DELETE FROM route_table_association WHERE subnet_id = :s",
                                    Map.of("s", subnetId))
                                    .chain(s::delete)
                                    .chain(() -> outbox.publish(new SubnetDeleted(accountId, subnetId, s.vpcId,
                                            clock.instant())));
                        })));
    }

    public Uni<Page<SubnetView>> list(String accountId, String vpcId, String zone, PageRequest paging) {
        PageRequest.Keyset k = paging.keyset("id", "accountId", accountId, "vpcId", vpcId, "availabilityZone", zone);
        return Panache.withTransaction(() -> provisioner.ensureDefault(accountId))
                .chain(() -> Panache.withSession(() -> Subnet.<Subnet>find(k.query(), k.params())
                        .range(0, paging.limit()).list()
                        .chain(rows -> views(rows).map(views -> paging.pageById(views, SubnetView::subnetId, v -> v)))));
    }

    public Uni<SubnetView> get(String accountId, String subnetId) {
        IdChecks.wellFormed("subnet", subnetId, "InvalidSubnetID", "subnet");
        return Panache.withSession(() -> find(accountId, subnetId).chain(s -> views(List.of(s))).map(v -> v.get(0)));
    }

    /** The subnets with their free address counts and route tables; must run in a session. */
    private Uni<List<SubnetView>> views(List<Subnet> rows) {
        return inUse(rows).chain(used -> RouteTables.effective(rows.stream().map(s -> s.id).toList())
                .map(routes -> rows.stream().map(s -> SubnetView.of(s, used.getOrDefault(s.id, 0L),
                        routes.get(s.id))).toList()));
    }

    /** The account's subnet, or 404 {@code InvalidSubnetID.NotFound}; must run in a session. */
    public Uni<Subnet> find(String accountId, String subnetId) {
        return Subnet.<Subnet>findById(subnetId).map(s -> {
            if (s == null || !s.accountId.equals(accountId)) {
                throw IdChecks.notFound("InvalidSubnetID", "subnet", subnetId);
            }
            return s;
        });
    }

    /** Private addresses in use per subnet id; must run in a session. */
    public Uni<Map<String, Long>> inUse(List<Subnet> subnets) {
        if (subnets.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Sql.rows("SELECT subnet_id, COUNT(*) FROM private_ip WHERE subnet_id IN (:ids) GROUP BY subnet_id",
                Map.of("ids", subnets.stream().map(s -> s.id).toList()))
                .map(rows -> {
                    Map<String, Long> m = new HashMap<>();
                    rows.forEach(r -> m.put((String) r[0], ((Number) r[1]).longValue()));
                    return m;
                });
    }
}
