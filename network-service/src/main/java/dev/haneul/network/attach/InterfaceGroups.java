package dev.haneul.network.attach;

import dev.haneul.network.eni.NetworkInterface;
import dev.haneul.network.securitygroup.SecurityGroup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The security groups of a new interface: the launch's (at most {@value NetworkInterface#GROUP_LIMIT}, all the account's and in the
 * subnet's VPC), or the VPC's default group when the launch names none.
 */
@ApplicationScoped
public class InterfaceGroups {
    /** The outcome: the group ids, or an EC2 error code and message. */
    public record Check(List<String> groupIds, String code, String message) {
        public boolean failed() {
            return code != null;
        }
    }

    public Uni<Check> forInterface(String accountId, String vpcId, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return SecurityGroup.<SecurityGroup>find("vpcId = ?1 and isDefault = true", vpcId).firstResult()
                    .map(g -> new Check(g == null ? List.of() : List.of(g.id), null, null));
        }
        List<String> ids = requested.stream().distinct().toList();
        if (ids.size() > NetworkInterface.GROUP_LIMIT) {
            return Uni.createFrom().item(new Check(null, "SecurityGroupsPerInterfaceLimitExceeded",
                    "The maximum number of security groups per interface has been reached."));
        }
        return SecurityGroup.count("id in ?1 and accountId = ?2 and vpcId = ?3", ids, accountId, vpcId)
                .map(n -> n == ids.size() ? new Check(ids, null, null)
                        : new Check(null, "InvalidGroup.NotFound", "The security group(s) " + String.join(", ", ids)
                                + " do not all exist in VPC '" + vpcId + "'"));
    }
}
