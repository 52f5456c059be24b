package dev.haneul.compute.tag;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.error.ApiException;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /v1/tags}: EC2's DescribeTags, CreateTags and DeleteTags over the resources compute-api owns
 * (instances, the account's images, key pairs). Volumes, snapshots, security groups and the other network
 * resources are tagged through their own services.
 */
@Path("/v1/tags")
@Authenticated
public class TagsResource {
    private final TagService tags;
    private final Caller caller;
    private final ObjectMapper mapper;
    private final Validator validator;

    public TagsResource(TagService tags, Caller caller, ObjectMapper mapper, Validator validator) {
        this.tags = tags;
        this.caller = caller;
        this.mapper = mapper;
        this.validator = validator;
    }

    /** CreateTags: these tags on every one of these resources. */
    public record CreateTagsRequest(@NotNull @Size(min = 1, max = 1000) List<@NotNull String> resources,
            @NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Tag> tags) {
    }

    public record TagListView(List<TagService.TagDescription> tags, String nextToken) {
    }

    @GET
    @Operation(summary = "Describe tags (filters resource-id, resource-type, key, value; limit 5-1000, nextToken)")
    public Uni<TagListView> describe(@QueryParam("resource-id") List<String> resourceIds,
            @QueryParam("resource-type") List<String> resourceTypes, @QueryParam("key") List<String> keys,
            @QueryParam("value") List<String> values, @QueryParam("limit") Integer limit,
            @QueryParam("nextToken") String nextToken) {
        PageRequest paging = PageRequest.of(limit, nextToken, PageRequest.MAX, TagService.PAGE_KEY);
        return TagService.describe(caller.accountId(), new TagService.Filter(resourceIds, resourceTypes, keys, values),
                paging).map(p -> new TagListView(p.items(), p.nextToken()));
    }

    @POST
    @Operation(summary = "Add or overwrite tags on several resources (CreateTags); all or none")
    public Uni<Map<String, Boolean>> create(@Valid @NotNull CreateTagsRequest r) {
        return tags.create(caller.accountId(), r.resources(), r.tags()).replaceWith(Map.of("return", true));
    }

    /** DeleteTags as a body: tags without a value go by key; no tags at all removes every tag of the resources. */
    public record DeleteTagsRequest(@NotNull @Size(min = 1, max = 1000) List<@NotNull String> resources,
            @Size(max = 50) List<TagService.@NotNull @Valid TagKey> tags) {
    }

    @DELETE
    @Operation(summary = "Delete tags from several resources (DeleteTags): a body {resources, tags:[{key[, value]}]}"
            + " or ?resourceId=…&key=K[&value=V]; with a value, only where it matches; all or none")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Boolean>> delete(@QueryParam("resourceId") List<String> resourceIds,
            @QueryParam("key") String key, @QueryParam("value") String value, String json)
            throws IOException {
        // the body is optional (a DELETE with only query parameters has none), so it is read here
        DeleteTagsRequest body = json == null || json.isBlank() ? null : mapper.readValue(json, DeleteTagsRequest.class);
        if (body != null) {
            var violations = validator.validate(body);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            return tags.delete(caller.accountId(), body.resources(), body.tags() == null ? List.of() : body.tags())
                    .replaceWith(Map.of("return", true));
        }
        if (resourceIds.isEmpty()) {
            throw ApiException.badRequest("MissingParameter", "The request must contain the parameter resourceId.");
        }
        if (key == null || key.isEmpty()) {
            throw ApiException.badRequest("MissingParameter", "The request must contain the parameter key.");
        }
        if (resourceIds.size() > 1000) {
            throw ApiException.invalidParameter("At most 1000 resources can be named in one call.");
        }
        return tags.delete(caller.accountId(), resourceIds, List.of(new TagService.TagKey(key, value)))
                .replaceWith(Map.of("return", true));
    }
}
