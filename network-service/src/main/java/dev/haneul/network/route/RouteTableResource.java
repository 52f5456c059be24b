package dev.haneul.network.route;

import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.route.api.AssociateRouteTableRequest;
import dev.haneul.network.route.api.CreateRouteRequest;
import dev.haneul.network.route.api.CreateRouteTableRequest;
import dev.haneul.network.route.api.RouteTableListView;
import dev.haneul.network.route.api.RouteTableView;
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

/** {@code /v1/route-tables}: the caller's route tables, their routes and subnet associations. */
@Path("/v1/route-tables")
@Authenticated
public class RouteTableResource {
    private final RouteTableService tables;
    private final Caller caller;

    public RouteTableResource(RouteTableService tables, Caller caller) {
        this.tables = tables;
        this.caller = caller;
    }

    @GET
    public Uni<RouteTableListView> list(@QueryParam("vpcId") String vpcId, @QueryParam("limit") Integer limit,
            @QueryParam("nextToken") String nextToken) {
        return tables.list(caller.accountId(), vpcId, PageRequest.byId(limit, nextToken))
                .map(p -> new RouteTableListView(p.items(), p.nextToken()));
    }

    @POST
    public Uni<Response> create(@Valid @NotNull CreateRouteTableRequest request) {
        return tables.create(caller.accountId(), request.vpcId())
                .map(t -> Response.status(Response.Status.CREATED).entity(t).build());
    }

    @GET
    @Path("/{routeTableId}")
    public Uni<RouteTableView> get(@PathParam("routeTableId") String id) {
        return tables.get(caller.accountId(), id);
    }

    @DELETE
    @Path("/{routeTableId}")
    public Uni<Void> delete(@PathParam("routeTableId") String id) {
        return tables.delete(caller.accountId(), id);
    }

    @POST
    @Path("/{routeTableId}/routes")
    public Uni<RouteTableView> createRoute(@PathParam("routeTableId") String id,
            @Valid @NotNull CreateRouteRequest request) {
        return tables.createRoute(caller.accountId(), id, request.destinationCidrBlock(), request.gatewayId());
    }

    /** {@code ?destinationCidrBlock=0.0.0.0/0} (a query parameter: the block contains a slash). */
    @DELETE
    @Path("/{routeTableId}/routes")
    public Uni<RouteTableView> deleteRoute(@PathParam("routeTableId") String id,
            @QueryParam("destinationCidrBlock") String destination) {
        if (destination == null || destination.isBlank()) {
            throw ApiException.badRequest("MissingParameter",
                    "The request must contain the parameter destinationCidrBlock.");
        }
        return tables.deleteRoute(caller.accountId(), id, destination);
    }

    @POST
    @Path("/{routeTableId}/associations")
    public Uni<Response> associate(@PathParam("routeTableId") String id,
            @Valid @NotNull AssociateRouteTableRequest request) {
        return tables.associate(caller.accountId(), id, request.subnetId())
                .map(a -> Response.status(Response.Status.CREATED).entity(a).build());
    }

    @DELETE
    @Path("/associations/{associationId}")
    public Uni<Void> disassociate(@PathParam("associationId") String associationId) {
        return tables.disassociate(caller.accountId(), associationId);
    }

    /** Makes the table the main table of its VPC. */
    @POST
    @Path("/{routeTableId}/main")
    public Uni<RouteTableView> makeMain(@PathParam("routeTableId") String id) {
        return tables.makeMain(caller.accountId(), id);
    }
}
