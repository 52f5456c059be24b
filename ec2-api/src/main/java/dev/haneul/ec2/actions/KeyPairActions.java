package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Key pairs: create (the private key in the answer, once), import, describe, delete. */
@ApplicationScoped
public class KeyPairActions implements ActionGroup {
    private static final List<String> FILTERS = List.of("key-name", "key-pair-id", "fingerprint", "key-type");

    @Override
    public List<Action> actions() {
        return List.of(
                Action.write("CreateKeyPair", this::create),
                Action.write("ImportKeyPair", this::importKey),
                Action.read("DescribeKeyPairs", FILTERS, this::describe),
                Action.write("DeleteKeyPair", this::delete));
    }

    private Uni<Xml> create(Call c) {
        Params p = c.params();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keyName", p.required("KeyName"));
        String type = p.string("KeyType");
        if (type != null) {
            body.put("keyType", type);
        }
        String format = p.string("KeyFormat");
        if (format != null && !format.equals("pem")) {
            throw Ec2Exception.invalidValue("Haneul writes private keys as pem only, not '" + format + "'.");
        }
        noTags(p);
        return c.post("/v1/key-pairs", body).map(k -> Xml.response("CreateKeyPair", c.requestId())
                .text("keyName", s(k, "keyName")).text("keyFingerprint", s(k, "keyFingerprint"))
                .text("keyMaterial", s(k, "keyMaterial")).text("keyPairId", s(k, "keyPairId")));
    }

    private Uni<Xml> importKey(Call c) {
        Params p = c.params();
        String name = p.required("KeyName");
        byte[] material = p.base64("PublicKeyMaterial");
        if (material == null) {
            throw Ec2Exception.missing("PublicKeyMaterial");
        }
        noTags(p);
        return c.post("/v1/key-pairs/import", Map.of("keyName", name,
                        "publicKeyMaterial", new String(material, StandardCharsets.UTF_8)))
                .map(k -> Xml.response("ImportKeyPair", c.requestId()).text("keyName", s(k, "keyName"))
                        .text("keyFingerprint", s(k, "keyFingerprint")).text("keyPairId", s(k, "keyPairId")));
    }

    private static void noTags(Params p) {
        if (!p.structs("TagSpecification").isEmpty()) {
            p.structs("TagSpecification").forEach(t -> Views.tags(t, "Tag"));
            p.structs("TagSpecification").forEach(t -> t.string("ResourceType"));
            throw Ec2Exception.invalidValue("Haneul does not tag key pairs yet: leave TagSpecification out.");
        }
    }

    private Uni<Xml> describe(Call c) {
        Params p = c.params();
        List<String> names = p.list("KeyName");
        List<String> ids = p.list("KeyPairId");
        p.bool("IncludePublicKey");
        Map<String, Predicate<String>> filters = CatalogActions.matchers(p, FILTERS);
        return c.get("/v1/key-pairs").map(r -> {
            for (String n : names) {
                if (!contains(r, "keyName", n)) {
                    throw new Ec2Exception(400, "InvalidKeyPair.NotFound", "The key pair '" + n + "' does not exist");
                }
            }
            for (String id : ids) {
                if (!contains(r, "keyPairId", id)) {
                    throw new Ec2Exception(400, "InvalidKeyPair.NotFound", "The key pair '" + id + "' does not exist");
                }
            }
            Xml x = Xml.response("DescribeKeyPairs", c.requestId()).start("keySet");
            for (JsonNode k : r.path("keyPairs")) {
                Map<String, String> fields = Map.of("key-name", s(k, "keyName"), "key-pair-id", s(k, "keyPairId"),
                        "fingerprint", s(k, "keyFingerprint"), "key-type", s(k, "keyType"));
                if ((!names.isEmpty() && !names.contains(s(k, "keyName")))
                        || (!ids.isEmpty() && !ids.contains(s(k, "keyPairId")))
                        || !CatalogActions.matches(filters, fields)) {
                    continue;
                }
                x.start("item").text("keyPairId", s(k, "keyPairId")).text("keyName", s(k, "keyName"))
                        .text("keyFingerprint", s(k, "keyFingerprint")).text("keyType", s(k, "keyType"))
                        .text("publicKey", s(k, "publicKey")).text("createTime", s(k, "createTime"))
                        .start("tagSet").end().end();
            }
            return x.end();
        });
    }

    private static boolean contains(JsonNode r, String field, String value) {
        for (JsonNode k : r.path("keyPairs")) {
            if (value.equals(s(k, field))) {
                return true;
            }
        }
        return false;
    }

    private Uni<Xml> delete(Call c) {
        Params p = c.params();
        String name = p.string("KeyName");
        String id = p.string("KeyPairId");
        if (name == null && id == null) {
            throw Ec2Exception.missing("KeyName");
        }
        Uni<String> resolved = name != null ? Uni.createFrom().item(name)
                : c.get("/v1/key-pairs").map(r -> {
                    for (JsonNode k : r.path("keyPairs")) {
                        if (id.equals(s(k, "keyPairId"))) {
                            return s(k, "keyName");
                        }
                    }
                    return null;
                });
        // EC2 answers a delete of a key pair that does not exist with success (it is idempotent)
        return resolved.chain(n -> n == null ? Uni.createFrom().item((JsonNode) null)
                        : c.delete("/v1/key-pairs/" + java.net.URLEncoder.encode(n, StandardCharsets.UTF_8)
                                .replace("+", "%20")))
                .map(r -> Views.ok(c).text("keyPairId", r == null ? id : s(r, "keyPairId")));
    }
}
