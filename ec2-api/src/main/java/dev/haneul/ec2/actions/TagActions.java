package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tags: CreateTags, DeleteTags, DescribeTags over {@code /v1/tags} (which resources it tags is its rule). */
@ApplicationScoped
public class TagActions implements ActionGroup {
    private static final Map<String, String> FILTERS = Map.of("resource-id", "resource-id", "resource-type",
            "resource-type", "key", "key", "value", "value");

    @Override
    public List<Action> actions() {
        return List.of(
                Action.write("CreateTags", this::create),
                Action.write("DeleteTags", this::delete),
                Action.read("DescribeTags", List.copyOf(FILTERS.keySet()), this::describe));
    }

    private Uni<Xml> create(Call c) {
        Params p = c.params();
        List<String> resources = p.list("ResourceId");
        List<Map<String, String>> tags = Views.tags(p, "Tag");
        if (resources.isEmpty()) {
            throw Ec2Exception.missing("ResourceId.1");
        }
        if (tags.isEmpty()) {
            throw Ec2Exception.missing("Tag.1.Key");
        }
        return c.post("/v1/tags", Map.of("resources", resources, "tags", tags)).map(r -> Views.ok(c));
    }

    private Uni<Xml> delete(Call c) {
        Params p = c.params();
        List<String> resources = p.list("ResourceId");
        if (resources.isEmpty()) {
            throw Ec2Exception.missing("ResourceId.1");
        }
        List<Map<String, String>> keys = new ArrayList<>();
        for (Params t : p.structs("Tag")) {
            Map<String, String> k = new LinkedHashMap<>();
            k.put("key", t.required("Key"));
            String v = t.string("Value");
            if (v != null) {
                k.put("value", v);
            }
            keys.add(k);
        }
        Map<String, Object> body = Map.of("resources", resources, "tags", keys);
        return c.api().call(io.vertx.core.http.HttpMethod.DELETE, "/v1/tags", null, body, c.principal().token(),
                c.requestId()).map(r -> Views.ok(c));
    }

    private Uni<Xml> describe(Call c) {
        Params p = c.params();
        Map<String, List<String>> query = new LinkedHashMap<>();
        VolumeActions.restFilters(p, FILTERS, List.copyOf(FILTERS.keySet()), query);
        Views.paging(p, query);
        return c.get("/v1/tags", query).map(page -> {
            Xml x = Xml.response("DescribeTags", c.requestId()).start("tagSet");
            for (JsonNode t : page.path("tags")) {
                x.start("item").text("resourceId", s(t, "resourceId")).text("resourceType", s(t, "resourceType"))
                        .text("key", s(t, "key")).text("value", t.path("value").asText("")).end();
            }
            return x.end().text("nextToken", s(page, "nextToken"));
        });
    }
}
