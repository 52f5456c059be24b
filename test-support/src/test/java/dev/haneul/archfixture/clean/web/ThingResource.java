package dev.haneul.archfixture.clean.web;

import dev.haneul.archfixture.clean.core.Thing;
import dev.haneul.archfixture.clean.core.ThingService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The clean fixture's resource: translates HTTP, calls the service, uses its own nested view. */
@Path("/things")
public class ThingResource {
    public record ThingView(String id) {
        static ThingView of(Thing t) {
            return new ThingView(t.id());
        }
    }

    @GET
    @Path("/{id}")
    public ThingView get(@PathParam("id") String id) {
        return ThingView.of(ThingService.find(id));
    }
}
