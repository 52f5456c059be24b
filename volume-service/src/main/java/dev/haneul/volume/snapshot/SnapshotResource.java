package dev.haneul.volume.snapshot;

import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.volume.snapshot.api.CreateSnapshotRequest;
import dev.haneul.volume.snapshot.api.SnapshotListView;
import dev.haneul.volume.snapshot.api.SnapshotView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /v1/snapshots}: EC2's CreateSnapshot, DescribeSnapshots, DeleteSnapshot. */
@Path("/v1/snapshots")
@Authenticated
public class SnapshotResource {
    private final Caller caller;
    private final SnapshotService snapshots;

    public SnapshotResource(Caller caller, SnapshotService snapshots) {
        this.caller = caller;
        this.snapshots = snapshots;
    }

    @GET
    public Uni<SnapshotListView> list(@QueryParam("snapshotId") List<String> snapshotIds,
            @QueryParam("volumeId") String volumeId, @QueryParam("state") String state,
            @QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        return snapshots.list(caller.accountId(), snapshotIds, volumeId, state, PageRequest.byId(limit, nextToken));
    }

    @GET
    @Path("/{snapshotId}")
    public Uni<SnapshotView> get(@PathParam("snapshotId") String snapshotId) {
        return snapshots.get(caller.accountId(), snapshotId);
    }

    @POST
    public Uni<RestResponse<SnapshotView>> create(@Valid @NotNull CreateSnapshotRequest request) {
        return snapshots.create(caller.accountId(), request).map(s -> RestResponse.status(Response.Status.CREATED, s));
    }

    @DELETE
    @Path("/{snapshotId}")
    public Uni<RestResponse<Void>> delete(@PathParam("snapshotId") String snapshotId) {
        return snapshots.delete(caller.accountId(), snapshotId).map(ok -> RestResponse.noContent());
    }
}
