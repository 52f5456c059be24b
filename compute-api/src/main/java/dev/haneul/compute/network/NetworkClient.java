package dev.haneul.compute.network;

import dev.haneul.kit.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads a subnet from network-service on the caller's behalf (a read the user is waiting on). A missing
 * subnet is the user's error; an unreachable network-service is a clear 503, never a hang.
 */
@ApplicationScoped
public class NetworkClient {
    private final NetworkRestClient client;

    public NetworkClient(@RestClient NetworkRestClient client) {
        this.client = client;
    }

    public Uni<SubnetInfo> subnet(String subnetId, String bearerToken) {
        return client.subnet(subnetId, "Bearer " + bearerToken)
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .onFailure().transform(e -> {
                    if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 404) {
                        return ApiException.badRequest("InvalidSubnetID.NotFound",
                                "The subnet ID '" + subnetId + "' does not exist");
                    }
                    return new ApiException(503, "ServiceUnavailable",
                            "The network service is unavailable right now; try again shortly.");
                });
    }
}
