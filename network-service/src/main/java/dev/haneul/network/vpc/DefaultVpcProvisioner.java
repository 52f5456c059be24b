package dev.haneul.network.vpc;

import dev.haneul.events.network.InternetGatewayAttached;
import dev.haneul.events.network.SubnetCreated;
import dev.haneul.events.network.VpcCreated;
import dev.haneul.kit.Ids;
import dev.haneul.kit.messaging.Outbox;
import dev.haneul.network.common.Sql;
import dev.haneul.network.config.Zones;
import dev.haneul.network.ipam.AddressBlock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Creates an account's default VPC on first need, as EC2 has it: 172.31.0.0/16 with one /20 default subnet per
 * availability zone (mapping public IPs), an attached internet gateway, a main route table with the local route
 * and {@code 0.0.0.0/0} to the gateway, and a default security group; publishes VpcCreated, SubnetCreated and
 * InternetGatewayAttached. Safe when many requests of a new account race: the VPC row is an {@code INSERT IGNORE}
 * against the unique key on {@code default_owner}; the loser waits for the winner's commit, inserts nothing and
 * then reads the winner's VPC.
 */
@ApplicationScoped
public class DefaultVpcProvisioner {
    private static final int DEFAULT_SUBNET_PREFIX = 20;

    private final Zones zones;
    private final VpcDefaultGroup defaultGroup;
    private final Outbox outbox;
    private final Clock clock;

    public DefaultVpcProvisioner(Zones zones, VpcDefaultGroup defaultGroup, Outbox outbox, Clock clock) {
        this.zones = zones;
        this.defaultGroup = defaultGroup;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Makes sure the default VPC exists. Must be the first statement of its transaction (before any read),
     * so that the reads after it see a VPC another transaction committed meanwhile.
     */
    public Uni<Void> ensureDefault(String accountId) {
        String vpcId = Ids.newId("vpc");
        return Sql.update("INSERT IGNORE INTO vpc (id, account_id, cidr_block, is_default, default_owner, state, "
                + "created_at) VALUES (:id, :a, :cidr, TRUE, :a, 'available', NOW(6))",
                Map.of("id", vpcId, "a", accountId, "cidr", Vpc.DEFAULT_CIDR))
                .chain(rows -> rows == 1 ? populate(accountId, vpcId) : Uni.createFrom().voidItem());
    }

    private Uni<Void> populate(String accountId, String vpcId) {
        String gatewayId = Ids.newId("igw");
        return outbox.publish(new VpcCreated(accountId, vpcId, Vpc.DEFAULT_CIDR, true, clock.instant()))
                .chain(() -> createSubnets(accountId, vpcId))
                .chain(() -> defaultGroup.create(accountId, vpcId))
                .chain(() -> Sql.update("INSERT INTO internet_gateway (id, account_id, vpc_id, created_at) "
                        + "VALUES (:id, :a, :v, NOW(6))", Map.of("id", gatewayId, "a", accountId, "v", vpcId)))
                .chain(() -> outbox.publish(new InternetGatewayAttached(accountId, gatewayId, vpcId, clock.instant())))
                .chain(() -> RouteTables.createMain(accountId, vpcId, Vpc.DEFAULT_CIDR, gatewayId))
                .replaceWithVoid();
    }

    private Uni<Void> createSubnets(String accountId, String vpcId) {
        List<String> names = zones.names();
        List<String> blocks = AddressBlock.subBlocks(Vpc.DEFAULT_CIDR, DEFAULT_SUBNET_PREFIX, names.size());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < blocks.size(); i++) {
            String subnetId = Ids.newId("subnet");
            String cidr = blocks.get(i);
            String zone = names.get(i);
            Map<String, Object> p = Map.of("id", subnetId, "a", accountId, "vpc", vpcId, "cidr", cidr, "az", zone);
            chain = chain.chain(() -> Sql.update("INSERT INTO subnet (id, account_id, vpc_id, cidr_block, "
                    + "availability_zone, map_public_ip_on_launch, default_for_az, state, created_at) "
                    + "VALUES (:id, :a, :vpc, :cidr, :az, TRUE, TRUE, 'available', NOW(6))", p))
                    .chain(() -> outbox.publish(new SubnetCreated(accountId, subnetId, vpcId, cidr, zone,
                            clock.instant())));
        }
        return chain;
    }
}
