package dev.haneul.compute.network;

import dev.haneul.compute.remote.RemoteProblem;
import dev.haneul.kit.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls network-service on the caller's behalf (with the caller's token), for what a user is waiting on: a
 * subnet's details and the security groups before a launch, an interface's security groups. network-service's
 * own errors reach the user unchanged; an unreachable or slow network-service is a clear 503, never a hang. The
 * time limits are the REST client's own ({@code quarkus.rest-client.network.*-timeout}), not a Mutiny timer, so a
 * failure arrives on the request's event loop like an answer does.
 */
@ApplicationScoped
public class NetworkClient {
    private final NetworkRestClient client;

    public NetworkClient(@RestClient NetworkRestClient client) {
        this.client = client;
    }

    public Uni<SubnetInfo> subnet(String subnetId, String bearerToken) {
        return client.subnet(subnetId, "Bearer " + bearerToken)
                .onFailure().transform(e -> {
                    if (e instanceof RemoteProblem p && p.status() == 404) {
                        return ApiException.badRequest("InvalidSubnetID.NotFound",
                                "The subnet ID '" + subnetId + "' does not exist");
                    }
                    return RemoteProblem.toApi(e, "network");
                });
    }

    /**
     * RunInstances' security groups, before anything is launched: each must be one of the caller's, else 400
     * {@code InvalidGroup.NotFound} — the answer for a group nobody has, 400 like the launch's other missing
     * references (image, key pair, subnet). network-service checks them again when it makes the interface,
     * where it also knows the default subnet's VPC they must belong to.
     */
    public Uni<Void> checkGroups(List<String> groupIds, String bearerToken) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String groupId : groupIds == null ? List.<String>of() : groupIds.stream().distinct().toList()) {
            chain = chain.chain(() -> client.group(groupId, "Bearer " + bearerToken)
                    .onFailure().transform(e -> {
                        if (e instanceof RemoteProblem p && p.status() == 404) {
                            return ApiException.badRequest("InvalidGroup.NotFound",
                                    "The security group '" + groupId + "' does not exist");
                        }
                        return RemoteProblem.toApi(e, "network");
                    }).replaceWithVoid());
        }
        return chain;
    }

    /** ModifyInstanceAttribute's groups: network-service owns the interface and checks the groups. */
    public Uni<Void> setGroups(String networkInterfaceId, List<String> groupIds, String bearerToken) {
        return client.setGroups(networkInterfaceId, "Bearer " + bearerToken,
                new NetworkRestClient.GroupsRequest(groupIds))
                .onFailure().transform(e -> RemoteProblem.toApi(e, "network"));
    }
}
