package dev.haneul.archfixture.callsresource.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The resource the planted violations of rule 2 use as a library. */
@Path("/orders")
public class OrderResource {
    public record OrderView(String id) {
    }

    @GET
    @Path("/{id}")
    public OrderView get(@PathParam("id") String id) {
        return new OrderView(id);
    }
}
