package dev.haneul.network.audit;

import dev.haneul.kit.paging.PageRequest;
import dev.haneul.network.audit.api.AuditView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Admin: network-service's side of the consistency audit (compute-api compares it with its instances). */
@Path("/v1/admin/audit")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final InterfaceAudit audit;

    public AuditResource(InterfaceAudit audit) {
        this.audit = audit;
    }

    @GET
    public Uni<AuditView> audit(@QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        return audit.page(PageRequest.of(limit, nextToken, PageRequest.MAX, key -> key.size() == 1));
    }
}
