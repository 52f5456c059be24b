package dev.haneul.network.route;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.common.IdChecks;
import dev.haneul.network.common.Sql;
import dev.haneul.network.gateway.InternetGateway;
import dev.haneul.network.ipam.AddressBlock;
import dev.haneul.network.quota.Quotas;
import dev.haneul.network.route.api.AssociationView;
import dev.haneul.network.route.api.RouteTableView;
import dev.haneul.network.subnet.SubnetService;
import dev.haneul.network.vpc.DefaultVpcProvisioner;
import dev.haneul.network.vpc.RouteTables;
import dev.haneul.network.vpc.VpcService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Route tables with EC2's rules: the non-removable local route, routes only to an internet gateway of the
 * table's VPC ({@code RouteAlreadyExists}, {@code InvalidRoute.NotFound}, at most {@code haneul.network.quota.routes-per-table}),
 * subnet associations (one per subnet), the main table (never deleted; a table with associations neither).
 * Every change first locks the table's VPC (a VPC's table id never changes), then the table.
 */
@ApplicationScoped
public class RouteTableService {
    static final String ID = "InvalidRouteTableID";

    private final DefaultVpcProvisioner provisioner;
    private final VpcService vpcs;
    private final SubnetService subnets;
    private final Quotas quotas;
    private final Clock clock;

    public RouteTableService(DefaultVpcProvisioner provisioner, VpcService vpcs, SubnetService subnets, Quotas quotas,
            Clock clock) {
        this.provisioner = provisioner;
        this.vpcs = vpcs;
        this.subnets = subnets;
        this.quotas = quotas;
        this.clock = clock;
    }

    public Uni<Page<RouteTableView>> list(String accountId, String vpcId, PageRequest paging) {
        PageRequest.Keyset k = paging.keyset("id", "accountId", accountId, "vpcId", vpcId);
        return Panache.withTransaction(() -> provisioner.ensureDefault(accountId))
                .chain(() -> Panache.withSession(() -> RouteTable.<RouteTable>find(k.query(), k.params()).range(0, paging.limit())
                        .list().chain(rows -> views(rows).map(v -> paging.pageById(v, RouteTableView::routeTableId,
                                x -> x)))));
    }

    public Uni<RouteTableView> get(String accountId, String tableId) {
        IdChecks.wellFormed("rtb", tableId, ID, "route table");
        return Panache.withSession(() -> find(accountId, tableId).chain(this::view));
    }

    public Uni<RouteTableView> create(String accountId, String vpcId) {
        IdChecks.wellFormed("vpc", vpcId, "InvalidVpcID", "vpc");
        return Panache.withTransaction(() -> vpcs.lockForChange(accountId, vpcId)
                .chain(() -> vpcs.find(accountId, vpcId))
                .chain(vpc -> RouteTable.count("vpcId", vpcId).chain(n -> {
                    Quotas.perContainer(n, quotas.routeTablesPerVpc(), "RouteTableLimitExceeded", "route tables",
                            "VPC '" + vpcId + "'");
                    RouteTable t = new RouteTable();
                    t.id = Ids.newId("rtb");
                    t.accountId = accountId;
                    t.vpcId = vpcId;
                    t.createdAt = clock.instant();
                    return t.<RouteTable>persist().call(() -> RouteTables.insertRoute(t.id, vpc.cidrBlock,
                            RouteTables.LOCAL, "CreateRouteTable"));
                }))
                .chain(this::view));
    }

    public Uni<Void> delete(String accountId, String tableId) {
        IdChecks.wellFormed("rtb", tableId, ID, "route table");
        return locked(accountId, tableId, t -> {
            if (t.isMain()) {
                throw ApiException.conflict("DependencyViolation", "The routeTable '" + tableId
                        + "' is the main route table of its VPC and cannot be deleted.");
            }
            return RouteTableAssociation.count("routeTableId", tableId).chain(n -> {
                if (n > 0) {
                    throw ApiException.conflict("DependencyViolation", "The routeTable '" + tableId
                            + "' has dependencies and cannot be deleted.");
                }
                return Sql.update("DELETE FROM route WHERE route_table_id = :t", Map.of("t", tableId))
                        .chain(t::delete);
            });
        });
    }

    public Uni<RouteTableView> createRoute(String accountId, String tableId, String destination, String gatewayId) {
        IdChecks.wellFormed("rtb", tableId, ID, "route table");
        String cidr = destination(destination);
        if (gatewayId.equals(RouteTables.LOCAL)) {
            throw ApiException.invalidParameter("The local route is created with the route table and cannot be "
                    + "added.");
        }
        if (!gatewayId.startsWith("igw-")) {
            throw ApiException.invalidParameter("Value (" + gatewayId + ") for parameter gatewayId is invalid. "
                    + "Routes can target internet gateways (igw-...).");
        }
        IdChecks.wellFormed("igw", gatewayId, "InvalidGatewayID", "internet gateway");
        return locked(accountId, tableId, t -> vpcs.find(accountId, t.vpcId)
                .chain(vpc -> {
                    if (AddressBlock.subnet(vpc.cidrBlock).overlaps(AddressBlock.subnet(cidr))
                            && !cidr.equals(vpc.cidrBlock) && !AddressBlock.subnet(cidr)
                                    .encloses(AddressBlock.subnet(vpc.cidrBlock))) {
                        throw ApiException.invalidParameter("The destination CIDR block " + cidr + " is equal to or "
                                + "more specific than one of this VPC's CIDR blocks. This route can target only an "
                                + "interface or an instance.");
                    }
                    return InternetGateway.<InternetGateway>findById(gatewayId);
                })
                .chain(g -> {
                    if (g == null || !g.accountId.equals(accountId)) {
                        throw IdChecks.notFound("InvalidGatewayID", "internet gateway", gatewayId);
                    }
                    if (!t.vpcId.equals(g.vpcId)) {
                        throw ApiException.invalidParameter("route table " + tableId + " and network gateway "
                                + gatewayId + " belong to different networks");
                    }
                    return Sql.<Number>column("SELECT COUNT(*) FROM route WHERE route_table_id = :t",
                            Map.of("t", tableId));
                })
                .chain(n -> {
                    Quotas.perContainer(n.get(0).longValue(), quotas.routesPerTable(), "RouteLimitExceeded", "routes",
                            "route table '" + tableId + "'");
                    return RouteTables.insertRoute(tableId, cidr, gatewayId, "CreateRoute");
                })
                .map(rows -> {
                    if (rows == 0) {
                        throw ApiException.conflict("RouteAlreadyExists", "The route identified by " + cidr
                                + " already exists.");
                    }
                    return null;
                })).chain(() -> get(accountId, tableId));
    }

    public Uni<RouteTableView> deleteRoute(String accountId, String tableId, String destination) {
        IdChecks.wellFormed("rtb", tableId, ID, "route table");
        String cidr = destination(destination);
        return locked(accountId, tableId, t -> Sql.<String>column("SELECT target FROM route WHERE route_table_id = :t "
                + "AND destination_cidr = :d", Map.of("t", tableId, "d", cidr)).chain(targets -> {
                    if (targets.isEmpty()) {
                        throw ApiException.notFound("InvalidRoute.NotFound", "no route with destination-cidr-block "
                                + cidr + " in route table " + tableId);
                    }
                    if (targets.get(0).equals(RouteTables.LOCAL)) {
                        throw ApiException.invalidParameter("cannot remove local route " + cidr + " in route table "
                                + tableId);
                    }
                    return Sql.update("DELETE FROM route WHERE route_table_id = :t AND destination_cidr = :d",
                            Map.of("t", tableId, "d", cidr)).replaceWithVoid();
                })).chain(() -> get(accountId, tableId));
    }

    public Uni<AssociationView> associate(String accountId, String tableId, String subnetId) {
        IdChecks.wellFormed("rtb", tableId, ID, "route table");
        IdChecks.wellFormed("subnet", subnetId, "InvalidSubnetID", "subnet");
        String associationId = Ids.newId("rtbassoc");
        return locked(accountId, tableId, t -> subnets.find(accountId, subnetId).chain(s -> {
            if (!s.vpcId.equals(t.vpcId)) {
                throw ApiException.invalidParameter("Route table " + tableId + " and subnet " + subnetId
                        + " belong to different networks");
            }
            return Sql.update("INSERT IGNORE INTO route_table_association (id, account_id, route_table_id, subnet_id) "
                    + "VALUES (:id, :a, :t, :s)", Map.of("id", associationId, "a", accountId, "t", tableId,
                            "s", subnetId));
        }).map(rows -> {
            if (rows == 0) {
                throw ApiException.conflict("Resource.AlreadyAssociated", "the specified association for route "
                        + "table " + tableId + " conflicts with an existing association");
            }
            return new AssociationView(associationId, tableId, subnetId);
        }));
    }

    public Uni<Void> disassociate(String accountId, String associationId) {
        IdChecks.wellFormed("rtbassoc", associationId, "InvalidAssociationID", "association");
        // looked up in the caller's account only: another account's association answers as one that does not exist
        return Panache.withSession(() -> RouteTableAssociation.<RouteTableAssociation>find("id = ?1 and accountId = ?2",
                        associationId, accountId).firstResult()
                .chain(a -> a != null ? Uni.createFrom().item(a.routeTableId)
                        : RouteTable.<RouteTable>find("mainAssociationId", associationId).firstResult()
                                .map(t -> {
                                    if (t != null && t.accountId.equals(accountId)) {
                                        throw ApiException.invalidParameter("cannot disassociate the main route "
                                                + "table association " + associationId);
                                    }
                                    return null;
                                })))
                .chain(tableId -> {
                    if (tableId == null) {
                        throw associationNotFound(associationId);
                    }
                    return locked(accountId, tableId, t -> Sql.update("DELETE FROM route_table_association "
                            + "WHERE id = :id AND account_id = :a", Map.of("id", associationId, "a", accountId))
                            .map(rows -> {
                                if (rows == 0) {
                                    throw associationNotFound(associationId);
                                }
                                return null;
                            }));
                });
    }

    /** Makes the table its VPC's main table (EC2's ReplaceRouteTableAssociation of the main association). */
    public Uni<RouteTableView> makeMain(String accountId, String tableId) {
        IdChecks.wellFormed("rtb", tableId, ID, "route table");
        return locked(accountId, tableId, t -> {
            if (t.isMain()) {
                return Uni.createFrom().voidItem();
            }
            return Sql.update("UPDATE route_table SET main_of = NULL, main_association_id = NULL WHERE main_of = :v",
                    Map.of("v", t.vpcId))
                    .chain(() -> Sql.update("UPDATE route_table SET main_of = :v, main_association_id = :assoc "
                            + "WHERE id = :t", Map.of("v", t.vpcId, "assoc", Ids.newId("rtbassoc"), "t", tableId)))
                    .replaceWithVoid();
        }).chain(() -> get(accountId, tableId));
    }

    /** Runs {@code work} in a transaction that holds the table's VPC and the table; 404 for a missing table. */
    private <T> Uni<T> locked(String accountId, String tableId, Function<RouteTable, Uni<T>> work) {
        return Panache.withSession(() -> find(accountId, tableId).map(t -> t.vpcId))
                .chain(vpcId -> Panache.withTransaction(() -> vpcs.lockForChange(accountId, vpcId)
                        .chain(() -> Sql.update("UPDATE route_table SET generation = generation + 1 WHERE id = :t",
                                Map.of("t", tableId)))
                        .chain(rows -> {
                            if (rows == 0) {
                                throw IdChecks.notFound(ID, "route table", tableId);
                            }
                            return RouteTable.<RouteTable>findById(tableId);
                        })
                        .chain(t -> work.apply(t))));
    }

    /** The account's table, or 404 {@code InvalidRouteTableID.NotFound}; must run in a session. */
    public Uni<RouteTable> find(String accountId, String tableId) {
        return RouteTable.<RouteTable>findById(tableId).map(t -> {
            if (t == null || !t.accountId.equals(accountId)) {
                throw IdChecks.notFound(ID, "route table", tableId);
            }
            return t;
        });
    }

    private static ApiException associationNotFound(String associationId) {
        return ApiException.notFound("InvalidAssociationID.NotFound", "The association ID '" + associationId
                + "' does not exist");
    }

    private static String destination(String cidr) {
        try {
            return AddressBlock.canonical(cidr);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("Value (" + cidr + ") for parameter destinationCidrBlock is invalid. "
                    + "This is not a valid CIDR block.");
        }
    }

    private Uni<RouteTableView> view(RouteTable t) {
        return views(List.of(t)).map(v -> v.get(0));
    }

    /** The tables with their routes and associations; must run in a session. */
    private Uni<List<RouteTableView>> views(List<RouteTable> tables) {
        if (tables.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = tables.stream().map(t -> t.id).toList();
        List<String> vpcIds = tables.stream().map(t -> t.vpcId).distinct().toList();
        return Sql.rows("SELECT route_table_id, destination_cidr, target, origin FROM route WHERE route_table_id "
                + "IN (:ids) ORDER BY target <> 'local', created_at, destination_cidr", Map.of("ids", ids))
                .chain(routes -> RouteTableAssociation.<RouteTableAssociation>list("routeTableId in ?1 order by id", ids)
                        .chain(assocs -> Sql.rows("SELECT id, vpc_id FROM internet_gateway WHERE vpc_id IN (:v)",
                                Map.of("v", vpcIds)).map(gws -> {
                                    Map<String, String> gatewayVpc = new HashMap<>();
                                    gws.forEach(g -> gatewayVpc.put((String) g[0], (String) g[1]));
                                    Map<String, List<Object[]>> routesOf = routes.stream()
                                            .collect(Collectors.groupingBy(r -> (String) r[0]));
                                    Map<String, List<RouteTableAssociation>> assocsOf = assocs.stream()
                                            .collect(Collectors.groupingBy(a -> a.routeTableId));
                                    return tables.stream().map(t -> view(t, routesOf.getOrDefault(t.id, List.of()),
                                            assocsOf.getOrDefault(t.id, List.of()), gatewayVpc)).toList();
                                })));
    }

    private static RouteTableView view(RouteTable t, List<Object[]> routes, List<RouteTableAssociation> assocs,
            Map<String, String> gatewayVpc) {
        List<RouteTableView.Route> rs = routes.stream().map(r -> {
            String target = (String) r[2];
            boolean active = target.equals(RouteTables.LOCAL) || t.vpcId.equals(gatewayVpc.get(target));
            return new RouteTableView.Route((String) r[1], target, active ? "active" : "blackhole", (String) r[3]);
        }).toList();
        List<RouteTableView.Association> as = new ArrayList<>();
        if (t.isMain()) {
            as.add(new RouteTableView.Association(t.mainAssociationId, t.id, null, true));
        }
        assocs.forEach(a -> as.add(new RouteTableView.Association(a.id, t.id, a.subnetId, false)));
        return new RouteTableView(t.id, t.vpcId, t.accountId, rs, as);
    }
}
