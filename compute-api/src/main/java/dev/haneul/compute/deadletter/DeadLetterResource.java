package dev.haneul.compute.deadletter;

import dev.haneul.compute.deadletter.api.DeadLetterListView;
import dev.haneul.compute.deadletter.api.DeadLetterView;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Admins look at the records every service gave up on ({@code haneul-dead-letter}) and send one back to its topic
 * once its cause is fixed ({@link DeadLetters}): {@code 202} when this call replayed it, {@code 200} with the first
 * replay when it had been already.
 */
@Path("/v1/admin/dead-letters")
@RolesAllowed("admin")
public class DeadLetterResource {
    private final DeadLetters deadLetters;
    private final Caller caller;

    public DeadLetterResource(DeadLetters deadLetters, Caller caller) {
        this.deadLetters = deadLetters;
        this.caller = caller;
    }

    @GET
    public Uni<DeadLetterListView> list(@QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        return deadLetters.list(limit, nextToken);
    }

    @GET
    @Path("/{partition}/{offset}")
    public Uni<DeadLetterView> one(@PathParam("partition") String partition, @PathParam("offset") String offset) {
        return deadLetters.one(number(partition, "partition", Integer.MAX_VALUE).intValue(),
                number(offset, "offset", Long.MAX_VALUE));
    }

    @POST
    @Path("/{partition}/{offset}/replay")
    public Uni<Response> replay(@PathParam("partition") String partition, @PathParam("offset") String offset) {
        return deadLetters.replay(number(partition, "partition", Integer.MAX_VALUE).intValue(),
                number(offset, "offset", Long.MAX_VALUE), caller.accountId())
                .map(r -> Response.status(r.now() ? 202 : 200).entity(r.deadLetter()).build());
    }

    private static Long number(String value, String name, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.invalidParameter("Invalid value '" + value + "' for " + name
                + ": a non-negative integer.");
    }
}
