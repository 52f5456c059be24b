package dev.haneul.network.vpc;

import dev.haneul.kit.Ids;
import dev.haneul.network.common.Sql;
import dev.haneul.network.config.Zones;
import dev.haneul.network.ipam.AddressBlock;
import dev.haneul.network.securitygroup.DefaultSecurityGroup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Creates an account's default VPC (172.31.0.0/16 with one /20 default subnet per availability zone, mapping
 * public IPs, and a default security group) on first need. Safe when many requests of a new account race: the VPC row is an
 * {@code INSERT IGNORE} against the unique key on {@code default_owner}; the loser waits for the winner's
 * commit, inserts nothing and then reads the winner's VPC.
 */
@ApplicationScoped
public class DefaultVpcProvisioner {
    private static final int DEFAULT_SUBNET_PREFIX = 20;

    private final Zones zones;
    private final DefaultSecurityGroup defaultGroup;

    public DefaultVpcProvisioner(Zones zones, DefaultSecurityGroup defaultGroup) {
        this.zones = zones;
        this.defaultGroup = defaultGroup;
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
                .chain(rows -> rows == 1 ? createSubnets(accountId, vpcId)
                        .chain(() -> defaultGroup.create(accountId, vpcId)) : Uni.createFrom().voidItem());
    }

    private Uni<Void> createSubnets(String accountId, String vpcId) {
        List<String> names = zones.names();
        List<String> blocks = AddressBlock.subBlocks(Vpc.DEFAULT_CIDR, DEFAULT_SUBNET_PREFIX, names.size());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < blocks.size(); i++) {
            Map<String, Object> p = Map.of("id", Ids.newId("subnet"), "a", accountId, "vpc", vpcId,
                    "cidr", blocks.get(i), "az", names.get(i));
            chain = chain.chain(() -> Sql.update("INSERT INTO subnet (id, account_id, vpc_id, cidr_block, "
                    + "availability_zone, map_public_ip_on_launch, default_for_az, state, created_at) "
                    + "VALUES (:id, :a, :vpc, :cidr, :az, TRUE, TRUE, 'available', NOW(6))", p).replaceWithVoid());
        }
        return chain;
    }
}
