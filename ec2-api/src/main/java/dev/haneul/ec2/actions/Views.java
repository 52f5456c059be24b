package dev.haneul.ec2.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pieces every family of actions writes or reads the same way: tag sets, paging, filters, text of JSON. */
final class Views {
    private Views() {
    }

    /** A JSON member's text, or null when it is absent or null (so {@link Xml#text} leaves it out). */
    static String s(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** {@code <tagSet><item><key/><value/></item>…</tagSet>} from a REST {@code tags} array. */
    static void tagSet(Xml x, JsonNode tags) {
        x.start("tagSet");
        if (tags != null) {
            for (JsonNode t : tags) {
                x.start("item").text("key", s(t, "key")).text("value", t.path("value").asText("")).end();
            }
        }
        x.end();
    }

    /** {@code <Name>Set<item><Member>v</Member></item>…} of plain values. */
    static void valueSet(Xml x, String set, String member, Iterable<String> values) {
        x.start(set);
        for (String v : values) {
            x.start("item").text(member, v).end();
        }
        x.end();
    }

    /** {@code Tag.N.Key/Value} as REST tags. */
    static List<Map<String, String>> tags(Params p, String name) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Params t : p.structs(name)) {
            Map<String, String> tag = new LinkedHashMap<>();
            tag.put("key", t.required("Key"));
            String v = t.string("Value");
            tag.put("value", v == null ? "" : v);
            out.add(tag);
        }
        return out;
    }

    /** The tags of {@code TagSpecification.N} whose ResourceType is {@code type}. */
    static List<Map<String, String>> specifiedTags(Params p, String type) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Params spec : p.structs("TagSpecification")) {
            String t = spec.required("ResourceType");
            List<Map<String, String>> tags = tags(spec, "Tag");
            if (t.equals(type)) {
                out.addAll(tags);
            }
        }
        return out;
    }

    /** {@code MaxResults} / {@code NextToken} as the REST API's {@code limit} / {@code nextToken}. */
    static void paging(Params p, Map<String, List<String>> query) {
        Integer max = p.integer("MaxResults");
        if (max != null) {
            query.put("limit", List.of(String.valueOf(max)));
        }
        String next = p.string("NextToken");
        if (next != null) {
            query.put("nextToken", List.of(next));
        }
    }

    /**
     * EC2's rule for ids named as parameters ({@code InstanceId.N}, {@code VolumeId.N}, …) rather than as filters:
     * each must exist, else {@code code} for the first missing one, as EC2 answers. The REST lists take both the
     * same way (an unknown id is no match), so the difference is the protocol's and is kept here.
     */
    static void allFound(List<String> asked, JsonNode items, String idField, String code, String what) {
        java.util.Set<String> found = new java.util.HashSet<>();
        items.forEach(i -> found.add(s(i, idField)));
        for (String id : asked) {
            if (!found.contains(id)) {
                throw new Ec2Exception(400, code, "The " + what + " '" + id + "' does not exist");
            }
        }
    }

    static Ec2Exception badFilter(String name) {
        return Ec2Exception.invalidValue("The filter '" + name + "' is invalid");
    }

    static Ec2Exception oneValue(String name) {
        return Ec2Exception.invalidValue("The filter '" + name + "' takes one value here; call once per value.");
    }

    /** {@code <return>true</return>}, the answer of actions that answer nothing else. */
    static Xml ok(Call c) {
        return Xml.response(c.action(), c.requestId()).text("return", "true");
    }
}
