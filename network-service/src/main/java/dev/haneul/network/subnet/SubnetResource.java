package dev.haneul.network.subnet;

import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.subnet.api.CreateSubnetRequest;
import dev.haneul.network.subnet.api.ModifySubnetRequest;
import dev.haneul.network.subnet.api.SubnetListView;
import dev.haneul.network.subnet.api.SubnetView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code /v1/subnets}: the caller's subnets. compute-api calls {@code GET /v1/subnets/{id}} with the user's
 * token to validate a launch's subnet and learn its availability zone.
 */
@Path("/v1/subnets")
@Authenticated
public class SubnetResource {
    private final SubnetService subnets;
    private final Caller caller;

    public SubnetResource(SubnetService subnets, Caller caller) {
        this.subnets = subnets;
        this.caller = caller;
    }

    @GET
    public Uni<SubnetListView> list(@QueryParam("vpcId") String vpcId,
            @QueryParam("availabilityZone") String availabilityZone,
            @QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        return subnets.list(caller.accountId(), vpcId, availabilityZone, PageRequest.byId(limit, nextToken))
                .map(p -> new SubnetListView(p.items(), p.nextToken()));
    }

    @POST
    public Uni<Response> create(@Valid @NotNull CreateSubnetRequest request) {
        return subnets.create(caller.accountId(), request)
                .map(s -> Response.status(Response.Status.CREATED).entity(s).build());
    }

    @DELETE
    @Path("/{subnetId}")
    public Uni<Void> delete(@PathParam("subnetId") String subnetId) {
        return subnets.delete(caller.accountId(), subnetId);
    }

    @PATCH
    @Path("/{subnetId}")
    public Uni<SubnetView> modify(@PathParam("subnetId") String subnetId, @Valid @NotNull ModifySubnetRequest request) {
        return subnets.modify(caller.accountId(), subnetId, request.mapPublicIpOnLaunch());
    }

    @GET
    @Path("/{subnetId}")
    public Uni<SubnetView> get(@PathParam("subnetId") String subnetId) {
        return subnets.get(caller.accountId(), subnetId);
    }
}
