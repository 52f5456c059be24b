package dev.haneul.compute.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.haneul.compute.remote.RemoteProblem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/** network-service's REST API, as far as compute-api calls it (on the caller's behalf, with its token). */
@RegisterRestClient(configKey = "network")
@Path("/v1")
interface NetworkRestClient {
    @GET
    @Path("/subnets/{subnetId}")
    Uni<SubnetInfo> subnet(@PathParam("subnetId") String subnetId, @HeaderParam("Authorization") String authorization);

    /** What a launch needs to know of a security group: that the caller has it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record GroupInfo(String groupId, String vpcId) {
    }

    @GET
    @Path("/security-groups/{groupId}")
    Uni<GroupInfo> group(@PathParam("groupId") String groupId, @HeaderParam("Authorization") String authorization);

    /** The body of {@code PUT /v1/network-interfaces/{id}/groups}. */
    record GroupsRequest(List<String> groupIds) {
    }

    @PUT
    @Path("/network-interfaces/{networkInterfaceId}/groups")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> setGroups(@PathParam("networkInterfaceId") String networkInterfaceId,
            @HeaderParam("Authorization") String authorization, GroupsRequest body);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return RemoteProblem.of(response);
    }
}
