package dev.haneul.scheduler.placementgroup;

import dev.haneul.kit.auth.Caller;
import dev.haneul.scheduler.placementgroup.api.CreatePlacementGroupRequest;
import dev.haneul.scheduler.placementgroup.api.PlacementGroupListView;
import dev.haneul.scheduler.placementgroup.api.PlacementGroupView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The account's placement groups: {@code POST/GET/DELETE /v1/placement-groups}. */
@Path("/v1/placement-groups")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PlacementGroupResource {
    private final PlacementGroupService groups;
    private final Caller caller;

    public PlacementGroupResource(PlacementGroupService groups, Caller caller) {
        this.groups = groups;
        this.caller = caller;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull CreatePlacementGroupRequest request) {
        return groups.create(caller.accountId(), request)
                .map(g -> Response.status(Response.Status.CREATED).entity(g).build());
    }

    @GET
    public Uni<PlacementGroupListView> list() {
        return groups.list(caller.accountId());
    }

    @GET
    @Path("/{groupId}")
    public Uni<PlacementGroupView> get(@PathParam("groupId") String groupId) {
        return groups.get(caller.accountId(), groupId);
    }

    @DELETE
    @Path("/{groupId}")
    public Uni<Void> delete(@PathParam("groupId") String groupId) {
        return groups.delete(caller.accountId(), groupId);
    }
}
