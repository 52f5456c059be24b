package dev.haneul.network.vpc;

import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.vpc.api.CreateVpcRequest;
import dev.haneul.network.vpc.api.VpcListView;
import dev.haneul.network.vpc.api.VpcView;
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

/** {@code /v1/vpcs}: the caller's VPCs (the default one is created on first need). */
@Path("/v1/vpcs")
@Authenticated
public class VpcResource {
    private final VpcService vpcs;
    private final Caller caller;

    public VpcResource(VpcService vpcs, Caller caller) {
        this.vpcs = vpcs;
        this.caller = caller;
    }

    @GET
    public Uni<VpcListView> list(@QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        return vpcs.list(caller.accountId(), PageRequest.byId(limit, nextToken))
                .map(p -> new VpcListView(p.items(), p.nextToken()));
    }

    @POST
    public Uni<Response> create(@Valid @NotNull CreateVpcRequest request) {
        return vpcs.create(caller.accountId(), request.cidrBlock())
                .map(v -> Response.status(Response.Status.CREATED).entity(v).build());
    }

    @DELETE
    @Path("/{vpcId}")
    public Uni<Void> delete(@PathParam("vpcId") String vpcId) {
        return vpcs.delete(caller.accountId(), vpcId);
    }

    @GET
    @Path("/{vpcId}")
    public Uni<VpcView> get(@PathParam("vpcId") String vpcId) {
        return vpcs.get(caller.accountId(), vpcId);
    }
}
