package dev.haneul.network.vpc;

import dev.haneul.kit.Ids;
import dev.haneul.network.common.Sql;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Route-table facts other features need, in the caller's session: a new VPC's main table, the table a subnet
 * uses and whether that makes the subnet public (its table sends {@code 0.0.0.0/0} to an internet gateway
 * attached to the VPC). Kept with the VPCs, below the route and subnet features that both use it, since a VPC
 * is made with its main table and deleted with its tables; the route-table API is route's.
 */
public final class RouteTables {
    public static final String LOCAL = "local";
    public static final String ANYWHERE = "0.0.0.0/0";

    private RouteTables() {
    }

    /** The route table a subnet uses and whether the subnet is public. */
    public record Effective(String routeTableId, boolean isPublic) {
    }

    /**
     * Creates the VPC's main table with the local route and, when {@code gatewayId} is given, {@code 0.0.0.0/0}
     * to that gateway. Runs in the transaction that creates the VPC.
     */
    public static Uni<String> createMain(String accountId, String vpcId, String vpcCidr, String gatewayId) {
        String tableId = Ids.newId("rtb");
        Uni<Integer> chain = Sql.update("INSERT INTO route_table (id, account_id, vpc_id, main_of, main_association_id, "
                + "created_at) VALUES (:id, :a, :v, :v, :assoc, NOW(6))",
                Map.of("id", tableId, "a", accountId, "v", vpcId, "assoc", Ids.newId("rtbassoc")))
                .chain(() -> insertRoute(tableId, vpcCidr, LOCAL, "CreateRouteTable"));
        if (gatewayId != null) {
            chain = chain.chain(() -> insertRoute(tableId, ANYWHERE, gatewayId, "CreateRouteTable"));
        }
        return chain.replaceWith(tableId);
    }

    /** {@code INSERT IGNORE}: 0 when the table already has a route for the destination. */
    public static Uni<Integer> insertRoute(String tableId, String destination, String target, String origin) {
        return Sql.update("INSERT IGNORE INTO route (route_table_id, destination_cidr, target, origin, created_at) "
                + "VALUES (:t, :d, :g, :o, NOW(6))", Map.of("t", tableId, "d", destination, "g", target, "o", origin));
    }

    /** For each subnet id: the table it uses (its association's, else its VPC's main one) and whether it is public. */
    public static Uni<Map<String, Effective>> effective(List<String> subnetIds) {
        if (subnetIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Sql.rows("SELECT s.id, t.id, EXISTS (SELECT 1 FROM route r JOIN internet_gateway g ON g.id = r.target "
                + "AND g.vpc_id = s.vpc_id WHERE r.route_table_id = t.id AND r.destination_cidr = '0.0.0.0/0') "
                + "FROM subnet s LEFT JOIN route_table_association a ON a.subnet_id = s.id "
                + "LEFT JOIN route_table t ON t.id = COALESCE(a.route_table_id, "
                + "(SELECT m.id FROM route_table m WHERE m.main_of = s.vpc_id)) WHERE s.id IN (:ids)",
                Map.of("ids", subnetIds)).map(rows -> {
                    Map<String, Effective> m = new HashMap<>();
                    rows.forEach(r -> m.put((String) r[0], new Effective((String) r[1],
                            truth(r[2]))));
                    return m;
                });
    }

    static boolean truth(Object sqlValue) {
        return sqlValue instanceof Boolean b ? b : sqlValue != null && ((Number) sqlValue).intValue() == 1;
    }

    /** Deletes every route table of the VPC with its routes (the VPC is being deleted and has no other tables). */
    public static Uni<Void> deleteAllOf(String vpcId) {
        return Sql.update("DELETE r FROM route r JOIN route_table t ON t.id = r.route_table_id WHERE t.vpc_id = :v",
                Map.of("v", vpcId))
                .chain(() -> Sql.update("DELETE FROM route_table WHERE vpc_id = :v", Map.of("v", vpcId)))
                .replaceWithVoid();
    }
}
