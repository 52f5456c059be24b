package dev.haneul.compute.tag;

import dev.haneul.compute.instance.InstanceQueries;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** An instance's tags: list, add or overwrite (CreateTags), delete one key (DeleteTags). */
@Path("/v1/instances/{instanceId}/tags")
@Authenticated
public class TagResource {
    private final TagService tags;
    private final Caller caller;

    public TagResource(TagService tags, Caller caller) {
        this.tags = tags;
        this.caller = caller;
    }

    /** The tags of one resource. */
    public record TagsView(String resourceId, List<Tag> tags) {
    }

    @GET
    @WithSession
    public Uni<TagsView> list(@PathParam("instanceId") String instanceId) {
        return tags.ofInstance(caller.accountId(), instanceId).map(t -> new TagsView(instanceId, t));
    }

    @POST
    @Operation(summary = "Add tags or overwrite their values (CreateTags)")
    public Uni<TagsView> add(@PathParam("instanceId") String instanceId,
            @NotNull @Size(min = 1, max = 50) List<@NotNull Tag> added) {
        InstanceQueries.checkId(instanceId);
        return tags.add(caller.accountId(), instanceId, added).map(t -> new TagsView(instanceId, t));
    }

    @DELETE
    @Operation(summary = "Delete a tag (DeleteTags); with value, only if the value matches")
    public Uni<TagsView> delete(@PathParam("instanceId") String instanceId, @QueryParam("key") String key,
            @QueryParam("value") String value) {
        InstanceQueries.checkId(instanceId);
        if (key == null || key.isEmpty()) {
            throw ApiException.badRequest("MissingParameter", "The request must contain the parameter key.");
        }
        return tags.remove(caller.accountId(), instanceId, key, value).map(t -> new TagsView(instanceId, t));
    }
}
