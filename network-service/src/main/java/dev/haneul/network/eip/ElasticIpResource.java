package dev.haneul.network.eip;

import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.eip.api.AllocateAddressRequest;
import dev.haneul.network.eip.api.AssociateAddressRequest;
import dev.haneul.network.eip.api.ElasticIpListView;
import dev.haneul.network.eip.api.ElasticIpView;
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

/** {@code /v1/elastic-ips}: the caller's elastic IPs (EC2's AllocateAddress, AssociateAddress and friends). */
@Path("/v1/elastic-ips")
@Authenticated
public class ElasticIpResource {
    private final ElasticIpService eips;
    private final Caller caller;

    public ElasticIpResource(ElasticIpService eips, Caller caller) {
        this.eips = eips;
        this.caller = caller;
    }

    @GET
    public Uni<ElasticIpListView> list(@QueryParam("instanceId") String instanceId,
            @QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        return eips.list(caller.accountId(), instanceId, PageRequest.byId(limit, nextToken))
                .map(p -> new ElasticIpListView(p.items(), p.nextToken()));
    }

    @POST
    public Uni<Response> allocate(@Valid AllocateAddressRequest request) {
        return eips.allocate(caller.accountId())
                .map(e -> Response.status(Response.Status.CREATED).entity(e).build());
    }

    @GET
    @Path("/{allocationId}")
    public Uni<ElasticIpView> get(@PathParam("allocationId") String allocationId) {
        return eips.get(caller.accountId(), allocationId);
    }

    @DELETE
    @Path("/{allocationId}")
    public Uni<Void> release(@PathParam("allocationId") String allocationId) {
        return eips.release(caller.accountId(), allocationId);
    }

    @POST
    @Path("/{allocationId}/associate")
    public Uni<ElasticIpView> associate(@PathParam("allocationId") String allocationId,
            @NotNull AssociateAddressRequest request) {
        return eips.associate(caller.accountId(), allocationId, request);
    }

    @POST
    @Path("/{allocationId}/disassociate")
    public Uni<ElasticIpView> disassociate(@PathParam("allocationId") String allocationId) {
        return eips.disassociate(caller.accountId(), allocationId);
    }
}
