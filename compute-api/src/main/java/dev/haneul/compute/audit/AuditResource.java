package dev.haneul.compute.audit;

import dev.haneul.compute.audit.api.AuditReportView;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Duration;

/**
 * Admins ask whether the services agree about the instances ({@link ConsistencyAudit}): {@code 200} with the
 * report whatever it finds, also when a service does not answer (the report says so).
 * {@code inFlightSeconds} (0–3600) overrides the window of recently changed instances that are not judged.
 */
@Path("/v1/admin/audit")
@RolesAllowed("admin")
public class AuditResource {
    private static final int MAX_IN_FLIGHT = 3600;

    private final ConsistencyAudit audit;
    private final Caller caller;

    public AuditResource(ConsistencyAudit audit, Caller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    public Uni<AuditReportView> audit(@QueryParam("inFlightSeconds") String inFlightSeconds) {
        return audit.run(caller.bearerToken(), inFlightSeconds == null ? null : seconds(inFlightSeconds));
    }

    private static Duration seconds(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= MAX_IN_FLIGHT) {
                return Duration.ofSeconds(n);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.invalidParameter("Invalid value '" + value + "' for inFlightSeconds: an integer from 0 to "
                + MAX_IN_FLIGHT + ".");
    }
}
