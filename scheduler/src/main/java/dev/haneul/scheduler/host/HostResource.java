package dev.haneul.scheduler.host;

import dev.haneul.kit.paging.PageRequest;
import dev.haneul.scheduler.host.api.HostListView;
import dev.haneul.scheduler.host.api.HostView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Admin API over the fleet: list hosts with their capacity, and disable, enable or drain one. */
@Path("/v1/hosts")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {
    private final HostService hosts;

    public HostResource(HostService hosts) {
        this.hosts = hosts;
    }

    @GET
    public Uni<HostListView> list(@QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken,
            @QueryParam("availabilityZone") String availabilityZone) {
        return hosts.list(PageRequest.of(limit, nextToken, PageRequest.MAX, key -> key.size() == 1), availabilityZone);
    }

    @GET
    @Path("/{hostId}")
    public Uni<HostView> get(@PathParam("hostId") String hostId) {
        return hosts.get(hostId);
    }

    /** Takes the host out of service for maintenance: no new instances are placed on it. */
    @POST
    @Path("/{hostId}/disable")
    public Uni<HostView> disable(@PathParam("hostId") String hostId) {
        return hosts.setFlags(hostId, false, false);
    }

    @POST
    @Path("/{hostId}/enable")
    public Uni<HostView> enable(@PathParam("hostId") String hostId) {
        return hosts.setFlags(hostId, true, false);
    }

    /** Keeps the host's instances running but places no new ones on it, until it is enabled again. */
    @POST
    @Path("/{hostId}/drain")
    public Uni<HostView> drain(@PathParam("hostId") String hostId) {
        return hosts.setFlags(hostId, true, true);
    }
}
