package dev.haneul.network.eni;

import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.common.IdChecks;
import dev.haneul.network.eni.api.ModifyGroupsRequest;
import dev.haneul.network.eni.api.NetworkInterfaceListView;
import dev.haneul.network.eni.api.NetworkInterfaceView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** {@code /v1/network-interfaces}: the caller's interfaces (optionally those of one instance) and their groups. */
@Path("/v1/network-interfaces")
@Authenticated
public class NetworkInterfaceResource {
    private final Caller caller;
    private final InterfaceGroupService groups;

    public NetworkInterfaceResource(Caller caller, InterfaceGroupService groups) {
        this.caller = caller;
        this.groups = groups;
    }

    /**
     * Replaces the interface's security groups. compute-api calls it (with the user's token) when a user changes
     * an instance's groups: keep this contract.
     */
    @PUT
    @Path("/{networkInterfaceId}/groups")
    public Uni<NetworkInterfaceView> replaceGroups(@PathParam("networkInterfaceId") String id,
            @NotNull ModifyGroupsRequest request) {
        return groups.replace(caller.accountId(), id, request.groupIds());
    }

    @GET
    public Uni<NetworkInterfaceListView> list(@QueryParam("instanceId") String instanceId,
            @QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        PageRequest paging = PageRequest.byId(limit, nextToken);
        PageRequest.Keyset k = paging.keyset("id", "accountId", caller.accountId(), "instanceId", instanceId);
        return Panache.withSession(() -> NetworkInterface.<NetworkInterface>find(k.query(), k.params())
                .range(0, paging.limit()).list())
                .map(rows -> paging.pageById(rows, n -> n.id, NetworkInterfaceView::of))
                .map(page -> new NetworkInterfaceListView(page.items(), page.nextToken()));
    }

    @GET
    @Path("/{networkInterfaceId}")
    public Uni<NetworkInterfaceView> get(@PathParam("networkInterfaceId") String id) {
        IdChecks.wellFormed("eni", id, "InvalidNetworkInterfaceID", "network interface");
        String account = caller.accountId();
        return Panache.withSession(() -> NetworkInterface.<NetworkInterface>findById(id)).map(n -> {
            if (n == null || !n.accountId.equals(account)) {
                throw IdChecks.notFound("InvalidNetworkInterfaceID", "network interface", id);
            }
            return NetworkInterfaceView.of(n);
        });
    }
}
