package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Placement groups (the scheduler's): create, describe, delete. EC2 names them by GroupName. */
@ApplicationScoped
public class PlacementGroupActions implements ActionGroup {
    private static final List<String> FILTERS = List.of("group-name", "group-id", "strategy", "state");

    @Override
    public List<Action> actions() {
        return List.of(
                Action.write("CreatePlacementGroup", this::create),
                Action.read("DescribePlacementGroups", FILTERS, this::describe),
                Action.write("DeletePlacementGroup", this::delete));
    }

    private Uni<Xml> create(Call c) {
        Params p = c.params();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groupName", p.required("GroupName"));
        body.put("strategy", p.required("Strategy"));
        body.put("partitionCount", p.integer("PartitionCount"));
        body.values().removeIf(v -> v == null);
        return c.post("/v1/placement-groups", body).map(g -> {
            Xml x = Xml.response("CreatePlacementGroup", c.requestId()).start("placementGroup");
            return group(x, g).end();
        });
    }

    private static Xml group(Xml x, JsonNode g) {
        return x.text("groupName", s(g, "groupName")).text("groupId", s(g, "groupId"))
                .text("strategy", s(g, "strategy")).text("partitionCount", s(g, "partitionCount"))
                .text("state", s(g, "state"));
    }

    private Uni<Xml> describe(Call c) {
        Params p = c.params();
        List<String> names = p.list("GroupName");
        List<String> ids = p.list("GroupId");
        Map<String, Predicate<String>> filters = CatalogActions.matchers(p, FILTERS);
        return c.get("/v1/placement-groups").map(r -> {
            for (String n : names) {
                if (find(r, "groupName", n) == null) {
                    throw new dev.haneul.ec2.protocol.Ec2Exception(400, "InvalidPlacementGroup.Unknown",
                            "The Placement Group '" + n + "' is unknown.");
                }
            }
            Xml x = Xml.response("DescribePlacementGroups", c.requestId()).start("placementGroupSet");
            for (JsonNode g : r.path("placementGroups")) {
                Map<String, String> fields = Map.of("group-name", s(g, "groupName"), "group-id", s(g, "groupId"),
                        "strategy", s(g, "strategy"), "state", s(g, "state"));
                if ((names.isEmpty() || names.contains(s(g, "groupName")))
                        && (ids.isEmpty() || ids.contains(s(g, "groupId")))
                        && CatalogActions.matches(filters, fields)) {
                    group(x.start("item"), g).end();
                }
            }
            return x.end();
        });
    }

    private static JsonNode find(JsonNode r, String field, String value) {
        for (JsonNode g : r.path("placementGroups")) {
            if (value.equals(s(g, field))) {
                return g;
            }
        }
        return null;
    }

    private Uni<Xml> delete(Call c) {
        String name = c.params().required("GroupName");
        return c.get("/v1/placement-groups").chain(r -> {
            JsonNode g = find(r, "groupName", name);
            if (g == null) {
                throw new dev.haneul.ec2.protocol.Ec2Exception(400, "InvalidPlacementGroup.Unknown",
                        "The Placement Group '" + name + "' is unknown.");
            }
            return c.delete("/v1/placement-groups/" + s(g, "groupId"));
        }).map(r -> Views.ok(c));
    }
}
