package dev.haneul.network.gateway;

import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.gateway.api.CreateInternetGatewayRequest;
import dev.haneul.network.gateway.api.InternetGatewayListView;
import dev.haneul.network.gateway.api.InternetGatewayView;
import dev.haneul.network.gateway.api.VpcAttachmentRequest;
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

/** {@code /v1/internet-gateways}: the caller's internet gateways and their VPC attachments. */
@Path("/v1/internet-gateways")
@Authenticated
public class InternetGatewayResource {
    private final InternetGatewayService gateways;
    private final Caller caller;

    public InternetGatewayResource(InternetGatewayService gateways, Caller caller) {
        this.gateways = gateways;
        this.caller = caller;
    }

    @GET
    public Uni<InternetGatewayListView> list(@QueryParam("vpcId") String vpcId, @QueryParam("limit") Integer limit,
            @QueryParam("nextToken") String nextToken) {
        return gateways.list(caller.accountId(), vpcId, PageRequest.byId(limit, nextToken))
                .map(p -> new InternetGatewayListView(p.items(), p.nextToken()));
    }

    @POST
    public Uni<Response> create(CreateInternetGatewayRequest request) {
        return gateways.create(caller.accountId())
                .map(g -> Response.status(Response.Status.CREATED).entity(g).build());
    }

    @GET
    @Path("/{internetGatewayId}")
    public Uni<InternetGatewayView> get(@PathParam("internetGatewayId") String id) {
        return gateways.get(caller.accountId(), id);
    }

    @DELETE
    @Path("/{internetGatewayId}")
    public Uni<Void> delete(@PathParam("internetGatewayId") String id) {
        return gateways.delete(caller.accountId(), id);
    }

    @POST
    @Path("/{internetGatewayId}/attach")
    public Uni<InternetGatewayView> attach(@PathParam("internetGatewayId") String id,
            @Valid @NotNull VpcAttachmentRequest request) {
        return gateways.attach(caller.accountId(), id, request.vpcId());
    }

    @POST
    @Path("/{internetGatewayId}/detach")
    public Uni<InternetGatewayView> detach(@PathParam("internetGatewayId") String id,
            @Valid @NotNull VpcAttachmentRequest request) {
        return gateways.detach(caller.accountId(), id, request.vpcId());
    }
}
