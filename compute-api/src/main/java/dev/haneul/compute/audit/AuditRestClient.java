package dev.haneul.compute.audit;

import dev.haneul.compute.audit.api.ServiceAuditView;
import dev.haneul.compute.remote.RemoteProblem;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Every audited service's {@code GET /v1/admin/audit} (one client per service, built by {@link ServiceAudits}). */
@Path("/v1/admin/audit")
interface AuditRestClient {
    @GET
    Uni<ServiceAuditView> page(@HeaderParam("Authorization") String authorization, @QueryParam("limit") int limit,
            @QueryParam("nextToken") String nextToken);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return RemoteProblem.of(response);
    }
}
