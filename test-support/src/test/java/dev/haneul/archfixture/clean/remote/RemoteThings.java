package dev.haneul.archfixture.clean.remote;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** A REST client interface: annotated @Path, but not a resource, so services may use it. */
@Path("/remote/things")
public interface RemoteThings {
    @GET
    @Path("/{id}")
    String describe(@PathParam("id") String id);
}
