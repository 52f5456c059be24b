package dev.haneul.ec2.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EC2's {@code SecurityGroup.N} (group names instead of ids): as on EC2, names name groups of the default VPC; each
 * is looked up with the REST API's own list ({@code groupName} and {@code vpcId}), so no rule is repeated here.
 */
final class SecurityGroupNames {
    private SecurityGroupNames() {
    }

    static Uni<List<String>> resolve(Call c, List<String> names, String subnetId) {
        if (subnetId != null) {
            throw Ec2Exception.invalidValue("Security group names (SecurityGroup.N) name groups of the default VPC; "
                    + "with a SubnetId give SecurityGroupId.N.");
        }
        return c.get("/v1/vpcs").chain(vpcs -> {
            String vpc = null;
            for (JsonNode v : vpcs.path("vpcs")) {
                if (v.path("isDefault").asBoolean()) {
                    vpc = v.path("vpcId").asText();
                }
            }
            if (vpc == null) {
                throw new Ec2Exception(400, "VPCIdNotSpecified", "No default VPC for this user: give "
                        + "SecurityGroupId.N and SubnetId.");
            }
            List<Uni<String>> ids = new ArrayList<>();
            for (String name : names) {
                String inVpc = vpc;
                ids.add(c.get("/v1/security-groups", Map.of("vpcId", List.of(vpc), "groupName", List.of(name)))
                        .map(page -> {
                            JsonNode groups = page.path("securityGroups");
                            if (groups.isEmpty()) {
                                throw new Ec2Exception(400, "InvalidGroup.NotFound", "The security group '" + name
                                        + "' does not exist in default VPC '" + inVpc + "'");
                            }
                            return groups.get(0).path("groupId").asText();
                        }));
            }
            return Uni.join().all(ids).andFailFast();
        });
    }
}
