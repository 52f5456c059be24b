package dev.haneul.network.securitygroup;

import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.securitygroup.api.CreateSecurityGroupRequest;
import dev.haneul.network.securitygroup.api.IpPermissionsRequest;
import dev.haneul.network.securitygroup.api.SecurityGroupListView;
import dev.haneul.network.securitygroup.api.SecurityGroupView;
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

/** {@code /v1/security-groups}: the caller's groups and their ingress/egress rules. */
@Path("/v1/security-groups")
@Authenticated
public class SecurityGroupResource {
    private final SecurityGroupService groups;
    private final RuleService rules;
    private final Caller caller;

    public SecurityGroupResource(SecurityGroupService groups, RuleService rules, Caller caller) {
        this.groups = groups;
        this.rules = rules;
        this.caller = caller;
    }

    @GET
    public Uni<SecurityGroupListView> list(@QueryParam("vpcId") String vpcId, @QueryParam("groupName") String name,
            @QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        return groups.list(caller.accountId(), vpcId, name, PageRequest.byId(limit, nextToken))
                .map(p -> new SecurityGroupListView(p.items(), p.nextToken()));
    }

    @POST
    public Uni<Response> create(@Valid @NotNull CreateSecurityGroupRequest request) {
        return groups.create(caller.accountId(), request)
                .map(g -> Response.status(Response.Status.CREATED).entity(g).build());
    }

    @GET
    @Path("/{groupId}")
    public Uni<SecurityGroupView> get(@PathParam("groupId") String groupId) {
        return groups.get(caller.accountId(), groupId);
    }

    @DELETE
    @Path("/{groupId}")
    public Uni<Void> delete(@PathParam("groupId") String groupId) {
        return groups.delete(caller.accountId(), groupId);
    }

    @POST
    @Path("/{groupId}/{direction: ingress|egress}")
    public Uni<SecurityGroupView> authorize(@PathParam("groupId") String groupId,
            @PathParam("direction") String direction, @Valid @NotNull IpPermissionsRequest request) {
        String account = caller.accountId();
        return rules.authorize(account, groupId, direction, request.ipPermissions())
                .chain(() -> groups.get(account, groupId));
    }

    @DELETE
    @Path("/{groupId}/{direction: ingress|egress}")
    public Uni<SecurityGroupView> revoke(@PathParam("groupId") String groupId,
            @PathParam("direction") String direction, @Valid @NotNull IpPermissionsRequest request) {
        String account = caller.accountId();
        return rules.revoke(account, groupId, direction, request.ipPermissions())
                .chain(() -> groups.get(account, groupId));
    }
}
