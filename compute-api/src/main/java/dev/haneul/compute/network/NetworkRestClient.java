package dev.haneul.compute.network;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** network-service's REST API, as far as compute-api reads it. */
@RegisterRestClient(configKey = "network")
@Path("/v1/subnets")
interface NetworkRestClient {
    @GET
    @Path("/{subnetId}")
    Uni<SubnetInfo> subnet(@PathParam("subnetId") String subnetId, @HeaderParam("Authorization") String authorization);
}
