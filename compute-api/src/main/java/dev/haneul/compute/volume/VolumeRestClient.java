package dev.haneul.compute.volume;

import dev.haneul.compute.remote.RemoteProblem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/** volume-service's REST API, as far as compute-api calls it (on the caller's behalf, with its token). */
@RegisterRestClient(configKey = "volume")
@Path("/v1")
interface VolumeRestClient {
    /** The body of CreateSnapshot. */
    record CreateSnapshotRequest(String volumeId, String description) {
    }

    @POST
    @Path("/snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<SnapshotInfo> createSnapshot(@HeaderParam("Authorization") String authorization, CreateSnapshotRequest body);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return RemoteProblem.of(response);
    }
}
