package dev.haneul.network.securitygroup;

import dev.haneul.kit.Ids;
import dev.haneul.network.common.Sql;
import dev.haneul.network.vpc.VpcDefaultGroup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * Creates a VPC's {@code default} security group as EC2 does: all traffic in from members of the group
 * itself, all traffic out to anywhere. Runs in the transaction that creates the VPC (vpc asks for it as its
 * {@link VpcDefaultGroup}).
 */
@ApplicationScoped
public class DefaultSecurityGroup implements VpcDefaultGroup {

    @Override
    public Uni<Void> create(String accountId, String vpcId) {
        String groupId = Ids.newId("sg");
        return Sql.update("INSERT INTO security_group (id, account_id, vpc_id, group_name, description, is_default, "
                + "created_at) VALUES (:id, :a, :v, 'default', 'default VPC security group', TRUE, NOW(6))",
                Map.of("id", groupId, "a", accountId, "v", vpcId))
                .chain(() -> rule(groupId, SecurityGroupRule.INGRESS, null, groupId))
                .chain(() -> rule(groupId, SecurityGroupRule.EGRESS, "0.0.0.0/0", null));
    }

    /** The allow-all egress rule every new group starts with. */
    public static Uni<Void> allowAllEgress(String groupId) {
        return rule(groupId, SecurityGroupRule.EGRESS, "0.0.0.0/0", null);
    }

    private static Uni<Void> rule(String groupId, String direction, String cidr, String source) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", Ids.newId("sgr"));
        p.put("g", groupId);
        p.put("d", direction);
        p.put("c", cidr);
        p.put("s", source);
        p.put("k", SecurityGroupRule.key("-1", null, null, cidr, source));
        return Sql.update("INSERT INTO security_group_rule (id, group_id, direction, ip_protocol, cidr_ipv4, "
                + "referenced_group_id, rule_key) VALUES (:id, :g, :d, '-1', :c, :s, :k)", p).replaceWithVoid();
    }
}
