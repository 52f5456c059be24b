package dev.haneul.network.securitygroup;

import dev.haneul.kit.Ids;
import dev.haneul.kit.error.ApiException;
import dev.haneul.network.common.IdChecks;
import dev.haneul.network.securitygroup.api.IpPermission;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Adds and removes a group's ingress or egress rules with EC2's rules: no duplicates
 * ({@code InvalidPermission.Duplicate}), at most {@value #RULES_PER_DIRECTION} per direction, removing only
 * existing ones ({@code InvalidPermission.NotFound}), source groups of the same VPC. Every interface in use in the
 * group hears of its new rules ({@link InterfaceRules#groupChanged}).
 */
@ApplicationScoped
public class RuleService {
    public static final int RULES_PER_DIRECTION = 60;

    private final SecurityGroupService groups;
    private final InterfaceRules interfaces;

    public RuleService(SecurityGroupService groups, InterfaceRules interfaces) {
        this.groups = groups;
        this.interfaces = interfaces;
    }

    public Uni<Void> authorize(String accountId, String groupId, String direction, List<IpPermission> permissions) {
        IdChecks.wellFormed("sg", groupId, "InvalidGroupId", "security group");
        List<RuleSpec> specs = RuleSpec.of(permissions);
        return Panache.withTransaction(() -> groups.lockForChange(accountId, groupId)
                .chain(() -> groups.find(accountId, groupId))
                .chain(g -> checkSources(accountId, g, specs))
                .chain(() -> existing(groupId, direction))
                .chain(rules -> {
                    Set<String> keys = new HashSet<>(rules.stream().map(r -> r.ruleKey).toList());
                    for (RuleSpec s : specs) {
                        if (!keys.add(s.key())) {
                            throw ApiException.conflict("InvalidPermission.Duplicate", "the specified rule \""
                                    + describe(s) + "\" already exists");
                        }
                    }
                    if (keys.size() > RULES_PER_DIRECTION) {
                        throw ApiException.badRequest("RulesPerSecurityGroupLimitExceeded",
                                "The maximum number of rules per security group has been reached.");
                    }
                    return SecurityGroupRule.persist(specs.stream().map(s -> rule(groupId, direction, s)).toList());
                })
                .chain(() -> interfaces.groupChanged(groupId)));
    }

    public Uni<Void> revoke(String accountId, String groupId, String direction, List<IpPermission> permissions) {
        IdChecks.wellFormed("sg", groupId, "InvalidGroupId", "security group");
        List<RuleSpec> specs = RuleSpec.of(permissions);
        return Panache.withTransaction(() -> groups.lockForChange(accountId, groupId)
                .chain(() -> existing(groupId, direction))
                .chain(rules -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (RuleSpec s : specs) {
                        SecurityGroupRule r = rules.stream().filter(x -> x.ruleKey.equals(s.key())).findFirst()
                                .orElseThrow(() -> ApiException.badRequest("InvalidPermission.NotFound",
                                        "The specified rule does not exist in this security group."));
                        chain = chain.chain(r::delete);
                    }
                    return chain;
                })
                .chain(() -> interfaces.groupChanged(groupId)));
    }

    private Uni<List<SecurityGroupRule>> existing(String groupId, String direction) {
        return SecurityGroupRule.list("groupId = ?1 and direction = ?2", groupId, direction);
    }

    /** Source groups must be the account's and in the same VPC. */
    private Uni<Void> checkSources(String accountId, SecurityGroup group, List<RuleSpec> specs) {
        List<String> sources = specs.stream().map(RuleSpec::groupId).filter(id -> id != null).distinct().toList();
        if (sources.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return SecurityGroup.count("id in ?1 and accountId = ?2 and vpcId = ?3", sources, accountId, group.vpcId)
                .map(n -> {
                    if (n != sources.size()) {
                        throw ApiException.notFound("InvalidGroup.NotFound",
                                "A source security group does not exist in VPC '" + group.vpcId + "'");
                    }
                    return null;
                });
    }

    private static SecurityGroupRule rule(String groupId, String direction, RuleSpec s) {
        SecurityGroupRule r = new SecurityGroupRule();
        r.id = Ids.newId("sgr");
        r.groupId = groupId;
        r.direction = direction;
        r.ipProtocol = s.protocol();
        r.fromPort = s.fromPort();
        r.toPort = s.toPort();
        r.cidrIpv4 = s.cidr();
        r.referencedGroupId = s.groupId();
        r.description = s.description();
        r.ruleKey = s.key();
        return r;
    }

    private static String describe(RuleSpec s) {
        return "peer: " + (s.cidr() != null ? s.cidr() : s.groupId()) + ", " + s.protocol().toUpperCase()
                + ", from port: " + s.fromPort() + ", to port: " + s.toPort() + ", ALLOW";
    }
}
