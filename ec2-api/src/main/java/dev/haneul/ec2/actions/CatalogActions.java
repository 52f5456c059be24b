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
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The region and what it offers: regions, zones, account attributes, instance types, images (and CreateImage,
 * DeregisterImage). Filters on the catalogue's small lists (types, images) are matched here, with EC2's wildcards
 * ({@code *}, {@code ?}); the lists and their contents are the REST API's.
 */
@ApplicationScoped
public class CatalogActions implements ActionGroup {
    private final String region;

    public CatalogActions(@ConfigProperty(name = "haneul.region") String region) {
        this.region = region;
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.read("DescribeRegions", List.of("region-name"), this::regions),
                Action.read("DescribeAvailabilityZones", List.of("zone-name", "zone-id", "state", "region-name"),
                        this::zones),
                Action.read("DescribeAccountAttributes", this::accountAttributes),
                Action.read("DescribeInstanceTypes", List.of("instance-type", "vcpu-info.default-vcpus",
                        "memory-info.size-in-mib", "current-generation"), this::instanceTypes),
                Action.read("DescribeImages", List.of("image-id", "name", "state", "architecture", "owner-id",
                        "is-public", "root-device-type"), this::images),
                Action.write("CreateImage", this::createImage),
                Action.write("DeregisterImage", this::deregisterImage));
    }

    private Uni<Xml> regions(Call c) {
        Params p = c.params();
        List<String> names = p.list("RegionName");
        p.bool("AllRegions");
        Map<String, Predicate<String>> filters = matchers(p, List.of("region-name"));
        boolean shown = (names.isEmpty() || names.contains(region))
                && filters.values().stream().allMatch(f -> f.test(region));
        if (!names.isEmpty() && !names.contains(region)) {
            throw Ec2Exception.invalidValue("Invalid region: " + names.get(0) + " (this endpoint serves " + region
                    + ")");
        }
        return Uni.createFrom().item(() -> {
            Xml x = Xml.response("DescribeRegions", c.requestId()).start("regionInfo");
            if (shown) {
                x.start("item").text("regionName", region).text("regionEndpoint", "ec2." + region + ".haneul")
                        .text("optInStatus", "opt-in-not-required").end();
            }
            return x.end();
        });
    }

    private Uni<Xml> zones(Call c) {
        Params p = c.params();
        List<String> names = p.list("ZoneName");
        List<String> ids = p.list("ZoneId");
        p.bool("AllAvailabilityZones");
        Map<String, Predicate<String>> filters = matchers(p, List.of("zone-name", "zone-id", "state", "region-name"));
        return c.get("/v1/availability-zones").map(r -> {
            Xml x = Xml.response("DescribeAvailabilityZones", c.requestId()).start("availabilityZoneInfo");
            for (JsonNode z : r.path("availabilityZones")) {
                Map<String, String> fields = Map.of("zone-name", s(z, "zoneName"), "zone-id", s(z, "zoneId"),
                        "state", s(z, "state"), "region-name", s(z, "regionName"));
                if ((!names.isEmpty() && !names.contains(s(z, "zoneName")))
                        || (!ids.isEmpty() && !ids.contains(s(z, "zoneId"))) || !matches(filters, fields)) {
                    continue;
                }
                x.start("item").text("zoneName", s(z, "zoneName")).text("zoneState", s(z, "state"))
                        .text("regionName", s(z, "regionName")).text("zoneId", s(z, "zoneId"))
                        .text("zoneType", "availability-zone").text("optInStatus", "opt-in-not-required")
                        .text("groupName", s(z, "regionName")).text("networkBorderGroup", s(z, "regionName"))
                        .start("messageSet").end().end();
            }
            return x.end();
        });
    }

    private Uni<Xml> accountAttributes(Call c) {
        List<String> names = c.params().list("AttributeName");
        return c.get("/v1/vpcs").map(vpcs -> {
            String defaultVpc = "none";
            for (JsonNode v : vpcs.path("vpcs")) {
                if (v.path("isDefault").asBoolean()) {
                    defaultVpc = v.path("vpcId").asText();
                }
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("supported-platforms", "VPC");
            attributes.put("default-vpc", defaultVpc);
            attributes.put("vpc-max-security-groups-per-interface", "5");
            Xml x = Xml.response("DescribeAccountAttributes", c.requestId()).start("accountAttributeSet");
            attributes.forEach((name, value) -> {
                if (names.isEmpty() || names.contains(name)) {
                    x.start("item").text("attributeName", name).start("attributeValueSet").start("item")
                            .text("attributeValue", value).end().end().end();
                }
            });
            return x.end();
        });
    }

    private Uni<Xml> instanceTypes(Call c) {
        Params p = c.params();
        List<String> types = p.list("InstanceType");
        Map<String, Predicate<String>> filters = matchers(p, List.of("instance-type", "vcpu-info.default-vcpus",
                "memory-info.size-in-mib", "current-generation"));
        p.integer("MaxResults");
        p.string("NextToken");
        return c.get("/v1/instance-types").map(r -> {
            Xml x = Xml.response("DescribeInstanceTypes", c.requestId()).start("instanceTypeSet");
            for (JsonNode t : r.path("instanceTypes")) {
                Map<String, String> fields = Map.of("instance-type", s(t, "instanceType"),
                        "vcpu-info.default-vcpus", s(t, "vcpus"), "memory-info.size-in-mib", s(t, "memoryMib"),
                        "current-generation", "true");
                if ((!types.isEmpty() && !types.contains(s(t, "instanceType"))) || !matches(filters, fields)) {
                    continue;
                }
                x.start("item").text("instanceType", s(t, "instanceType")).text("currentGeneration", "true")
                        .text("burstablePerformanceSupported", t.path("burstablePerformance").asBoolean())
                        .start("processorInfo").start("supportedArchitectures");
                for (JsonNode a : t.path("supportedArchitectures")) {
                    x.text("item", a.asText());
                }
                x.end().end().start("vCpuInfo").text("defaultVCpus", s(t, "vcpus")).end()
                        .start("memoryInfo").text("sizeInMiB", s(t, "memoryMib")).end()
                        .text("instanceStorageSupported", t.path("localStorageGb").asInt() > 0);
                if (t.path("localStorageGb").asInt() > 0) {
                    x.start("instanceStorageInfo").text("totalSizeInGB", s(t, "localStorageGb")).end();
                }
                if (t.path("gpus").asInt() > 0) {
                    x.start("gpuInfo").start("gpus").start("item").text("name", s(t, "gpuModel"))
                            .text("count", s(t, "gpus")).end().end().end();
                }
                x.start("networkInfo").text("networkPerformance", s(t, "networkPerformance")).end()
                        .start("supportedRootDeviceTypes").text("item", "ebs").end()
                        .start("supportedVirtualizationTypes").text("item", "hvm").end().end();
            }
            return x.end();
        });
    }

    // ---- images -------------------------------------------------------------------------------------------

    private Uni<Xml> images(Call c) {
        Params p = c.params();
        List<String> ids = p.list("ImageId");
        List<String> owners = p.list("Owner");
        p.list("ExecutableBy");
        p.bool("IncludeDeprecated");
        p.bool("IncludeDisabled");
        Map<String, Predicate<String>> filters = matchers(p, List.of("image-id", "name", "state", "architecture",
                "owner-id", "is-public", "root-device-type"));
        Uni<List<JsonNode>> images;
        if (!ids.isEmpty()) {
            List<Uni<JsonNode>> each = new ArrayList<>();
            ids.forEach(id -> each.add(c.get("/v1/images/" + id)));
            images = Uni.join().all(each).andFailFast();
        } else {
            images = allImages(c, null, new ArrayList<>());
        }
        return images.map(list -> {
            Xml x = Xml.response("DescribeImages", c.requestId()).start("imagesSet");
            for (JsonNode i : list) {
                String owner = s(i, "ownerId");
                boolean self = owner != null && owner.equals(c.principal().accountId());
                if (!owners.isEmpty() && !owners.contains(owner) && !(self && owners.contains("self"))
                        && !(!self && (owners.contains("amazon") || owners.contains("haneul")))) {
                    continue;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("image-id", s(i, "imageId"));
                fields.put("name", s(i, "name"));
                fields.put("state", s(i, "state"));
                fields.put("architecture", s(i, "architecture"));
                fields.put("owner-id", owner);
                fields.put("is-public", String.valueOf(i.path("isPublic").asBoolean()));
                fields.put("root-device-type", s(i, "rootDeviceType"));
                if (matches(filters, fields)) {
                    image(x, i);
                }
            }
            return x.end();
        });
    }

    /** Every page of the catalogue (it is small: public images and the account's own). */
    private Uni<List<JsonNode>> allImages(Call c, String token, List<JsonNode> into) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("limit", List.of("1000"));
        if (token != null) {
            q.put("nextToken", List.of(token));
        }
        return c.get("/v1/images", q).chain(page -> {
            page.path("images").forEach(into::add);
            String next = s(page, "nextToken");
            return next == null ? Uni.createFrom().item(into) : allImages(c, next, into);
        });
    }

    private static void image(Xml x, JsonNode i) {
        x.start("item").text("imageId", s(i, "imageId")).text("imageLocation", s(i, "ownerId") + "/" + s(i, "name"))
                .text("imageState", s(i, "state")).text("imageOwnerId", s(i, "ownerId"))
                .text("creationDate", s(i, "creationDate")).text("isPublic", i.path("isPublic").asBoolean())
                .text("architecture", s(i, "architecture")).text("imageType", "machine")
                .text("platform", "windows".equals(s(i, "platform")) ? "windows" : null)
                .text("platformDetails", s(i, "platformDetails")).text("name", s(i, "name"))
                .text("description", s(i, "description")).text("rootDeviceType", s(i, "rootDeviceType"))
                .text("rootDeviceName", s(i, "rootDeviceName")).start("blockDeviceMapping").start("item")
                .text("deviceName", s(i, "rootDeviceName")).start("ebs")
                .text("volumeSize", s(i, "minRootSizeGib")).text("deleteOnTermination", "true").end().end().end()
                .text("virtualizationType", "hvm").text("hypervisor", "xen");
        if (i.hasNonNull("stateReason")) {
            x.start("stateReason").text("code", s(i.get("stateReason"), "code"))
                    .text("message", s(i.get("stateReason"), "message")).end();
        }
        x.end();
    }

    private Uni<Xml> createImage(Call c) {
        Params p = c.params();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instanceId", p.required("InstanceId"));
        body.put("name", p.required("Name"));
        String description = p.string("Description");
        if (description != null) {
            body.put("description", description);
        }
        p.bool("NoReboot");
        return c.post("/v1/images", body)
                .map(i -> Xml.response("CreateImage", c.requestId()).text("imageId", s(i, "imageId")));
    }

    private Uni<Xml> deregisterImage(Call c) {
        String id = c.params().required("ImageId");
        return c.delete("/v1/images/" + id).map(r -> Views.ok(c));
    }

    // ---- filters on small lists ---------------------------------------------------------------------------

    /** The request's filters as predicates by name; a name outside {@code known} is EC2's invalid filter. */
    static Map<String, Predicate<String>> matchers(Params p, List<String> known) {
        Map<String, Predicate<String>> out = new LinkedHashMap<>();
        for (Params.Filter f : p.filters()) {
            if (!known.contains(f.name())) {
                throw Views.badFilter(f.name());
            }
            List<Pattern> patterns = f.values().stream().map(CatalogActions::wildcard).toList();
            Predicate<String> any = v -> v != null && patterns.stream().anyMatch(pt -> pt.matcher(v).matches());
            out.merge(f.name(), any, Predicate::and);
        }
        return out;
    }

    static boolean matches(Map<String, Predicate<String>> filters, Map<String, String> fields) {
        return filters.entrySet().stream().allMatch(e -> e.getValue().test(fields.get(e.getKey())));
    }

    /** EC2's filter values: {@code *} any run, {@code ?} one character, the rest literal. */
    static Pattern wildcard(String value) {
        StringBuilder b = new StringBuilder();
        for (char ch : value.toCharArray()) {
            b.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(b.toString());
    }
}
