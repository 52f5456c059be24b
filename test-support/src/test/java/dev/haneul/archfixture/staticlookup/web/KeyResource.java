package dev.haneul.archfixture.staticlookup.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Planted violation of rule 3: a resource that offers a public static lookup (no one calls it yet). */
@Path("/keys")
public class KeyResource {
    @GET
    @Path("/{name}")
    public String get(@PathParam("name") String name) {
        return find(name);
    }

    public static String find(String name) {
        return "key " + name;
    }
}
