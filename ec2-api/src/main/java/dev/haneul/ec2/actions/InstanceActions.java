package dev.haneul.ec2.actions;

import static dev.haneul.ec2.actions.Views.s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haneul.ec2.protocol.Ec2Exception;
import dev.haneul.ec2.protocol.Params;
import dev.haneul.ec2.protocol.Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Instances: launch, describe, the state changes, attributes, console output, status checks. */
@ApplicationScoped
public class InstanceActions implements ActionGroup {
    /** EC2's filter → the REST list's query parameter, and whether it takes several values. */
    private static final Map<String, String> FILTERS = new LinkedHashMap<>();
    private static final List<String> MULTI = List.of("instance-id", "instance-state-name", "tag-key");

    static {
        FILTERS.put("instance-id", "instanceId");
        FILTERS.put("instance-state-name", "state");
        FILTERS.put("instance-type", "instanceType");
        FILTERS.put("image-id", "imageId");
        FILTERS.put("availability-zone", "availabilityZone");
        FILTERS.put("subnet-id", "subnetId");
        FILTERS.put("vpc-id", "vpcId");
        FILTERS.put("private-ip-address", "privateIpAddress");
        FILTERS.put("key-name", "keyName");
        FILTERS.put("ip-address", "ipAddress");
        FILTERS.put("tag-key", "tag-key");
    }

    @Override
    public List<Action> actions() {
        List<String> filters = new ArrayList<>(FILTERS.keySet());
        filters.add("tag:<key>");
        return List.of(
                Action.write("RunInstances", this::run),
                Action.read("DescribeInstances", filters, this::describe),
                Action.read("DescribeInstanceStatus", List.of("instance-id", "instance-state-name"), this::status),
                Action.write("StartInstances", c -> change(c, "start", false)),
                Action.write("StopInstances", c -> change(c, "stop", Boolean.TRUE.equals(c.params().bool("Force")))),
                Action.write("TerminateInstances", c -> change(c, "terminate", false)),
                Action.write("RebootInstances", this::reboot),
                Action.write("ModifyInstanceAttribute", this::modify),
                Action.read("DescribeInstanceAttribute", this::attribute),
                Action.read("GetConsoleOutput", this::consoleOutput));
    }

    // ---- RunInstances -------------------------------------------------------------------------------------

    private Uni<Xml> run(Call c) {
        Params p = c.params();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("imageId", p.required("ImageId"));
        body.put("instanceType", p.string("InstanceType") == null ? "m1.small" : p.string("InstanceType"));
        body.put("minCount", p.integer("MinCount"));
        body.put("maxCount", p.integer("MaxCount"));
        if (body.get("minCount") == null) {
            throw Ec2Exception.missing("MinCount");
        }
        if (body.get("maxCount") == null) {
            throw Ec2Exception.missing("MaxCount");
        }
        body.put("keyName", p.string("KeyName"));
        body.put("subnetId", p.string("SubnetId"));
        body.put("privateIpAddress", p.string("PrivateIpAddress"));
        body.put("clientToken", p.string("ClientToken"));
        body.put("userData", p.string("UserData"));
        List<String> groups = new ArrayList<>(p.list("SecurityGroupId"));
        List<String> groupNames = p.list("SecurityGroup");
        List<Params> nics = p.structs("NetworkInterface");
        if (nics.size() > 1) {
            throw Ec2Exception.invalidValue("Haneul instances have one network interface: give NetworkInterface.1 "
                    + "only.");
        }
        for (Params nic : nics) {
            Integer index = nic.integer("DeviceIndex");
            if (index != null && index != 0) {
                throw Ec2Exception.invalidValue("NetworkInterface.1.DeviceIndex must be 0.");
            }
            body.put("associatePublicIpAddress", nic.bool("AssociatePublicIpAddress"));
            if (nic.string("SubnetId") != null) {
                body.put("subnetId", nic.string("SubnetId"));
            }
            if (nic.string("PrivateIpAddress") != null) {
                body.put("privateIpAddress", nic.string("PrivateIpAddress"));
            }
            groups.addAll(nic.list("SecurityGroupId"));
            nic.bool("DeleteOnTermination");
        }
        Params placement = p.struct("Placement");
        if (placement != null) {
            Map<String, Object> pl = new LinkedHashMap<>();
            pl.put("availabilityZone", placement.string("AvailabilityZone"));
            pl.put("groupName", placement.string("GroupName"));
            placement.string("Tenancy");
            body.put("placement", pl);
        }
        List<Map<String, Object>> specs = new ArrayList<>();
        for (Params spec : p.structs("TagSpecification")) {
            specs.add(Map.of("resourceType", spec.required("ResourceType"), "tags", Views.tags(spec, "Tag")));
        }
        if (!specs.isEmpty()) {
            body.put("tagSpecifications", specs);
        }
        List<Map<String, Object>> mappings = new ArrayList<>();
        for (Params m : p.structs("BlockDeviceMapping")) {
            Map<String, Object> bdm = new LinkedHashMap<>();
            bdm.put("deviceName", m.required("DeviceName"));
            Params ebs = m.struct("Ebs");
            if (ebs != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("volumeSize", ebs.integer("VolumeSize"));
                e.put("volumeType", ebs.string("VolumeType"));
                e.put("iops", ebs.integer("Iops"));
                e.put("throughput", ebs.integer("Throughput"));
                e.put("deleteOnTermination", ebs.bool("DeleteOnTermination"));
                e.put("encrypted", ebs.bool("Encrypted"));
                e.put("snapshotId", ebs.string("SnapshotId"));
                bdm.put("ebs", e);
            }
            mappings.add(bdm);
        }
        if (!mappings.isEmpty()) {
            body.put("blockDeviceMappings", mappings);
        }
        body.put("disableApiTermination", p.bool("DisableApiTermination"));
        body.put("instanceInitiatedShutdownBehavior", p.string("InstanceInitiatedShutdownBehavior"));
        Params credits = p.struct("CreditSpecification");
        if (credits != null) {
            body.put("creditSpecification", Map.of("cpuCredits", credits.required("CpuCredits")));
        }
        Params maintenance = p.struct("MaintenanceOptions");
        if (maintenance != null) {
            body.put("maintenanceOptions", Map.of("autoRecovery", maintenance.required("AutoRecovery")));
        }
        Params monitoring = p.struct("Monitoring");
        if (monitoring != null && Boolean.TRUE.equals(monitoring.bool("Enabled"))) {
            throw Ec2Exception.invalidValue("Detailed monitoring is not offered by Haneul: leave Monitoring.Enabled "
                    + "false.");
        }
        Uni<List<String>> named = groupNames.isEmpty() ? Uni.createFrom().item(List.<String>of())
                : SecurityGroupNames.resolve(c, groupNames, p.string("SubnetId"));
        return named.chain(ids -> {
            groups.addAll(ids);
            if (!groups.isEmpty()) {
                body.put("securityGroupIds", groups);
            }
            body.values().removeIf(v -> v == null);
            return c.post("/v1/instances", body);
        }).map(r -> {
            Xml x = Xml.response("RunInstances", c.requestId()).text("reservationId", s(r, "reservationId"))
                    .text("ownerId", s(r, "ownerId"));
            x.start("groupSet").end().start("instancesSet");
            for (JsonNode i : r.path("instances")) {
                instance(x, i);
            }
            return x.end();
        });
    }

    // ---- DescribeInstances --------------------------------------------------------------------------------

    private Uni<Xml> describe(Call c) {
        Params p = c.params();
        Map<String, List<String>> query = new LinkedHashMap<>();
        List<String> ids = p.list("InstanceId");
        if (!ids.isEmpty()) {
            query.put("instanceId", new ArrayList<>(ids));
        }
        filters(p, query);
        Views.paging(p, query);
        if (!ids.isEmpty() && (p.has("MaxResults") || p.has("NextToken"))) {
            throw new Ec2Exception(400, "InvalidParameterCombination", "The parameter instancesSet cannot be used "
                    + "with the parameter maxResults");
        }
        return c.get("/v1/instances", query).map(page -> {
            Views.allFound(ids, page.path("instances"), "instanceId", "InvalidInstanceID.NotFound", "instance ID");
            Xml x = Xml.response("DescribeInstances", c.requestId()).start("reservationSet");
            Map<String, List<JsonNode>> byReservation = new LinkedHashMap<>();
            for (JsonNode i : page.path("instances")) {
                byReservation.computeIfAbsent(s(i, "reservationId"), k -> new ArrayList<>()).add(i);
            }
            byReservation.forEach((reservation, instances) -> {
                x.start("item").text("reservationId", reservation).text("ownerId", s(instances.get(0), "ownerId"))
                        .start("groupSet").end().start("instancesSet");
                instances.forEach(i -> instance(x, i));
                x.end().end();
            });
            return x.end().text("nextToken", s(page, "nextToken"));
        });
    }

    private static void filters(Params p, Map<String, List<String>> query) {
        for (Params.Filter f : p.filters()) {
            String rest;
            if (f.name().startsWith("tag:") && f.name().length() > 4) {
                rest = f.name();
            } else {
                rest = FILTERS.get(f.name());
                if (rest == null) {
                    throw Views.badFilter(f.name());
                }
            }
            if (f.values().size() != 1 && !MULTI.contains(f.name())) {
                throw Views.oneValue(f.name());
            }
            query.computeIfAbsent(rest, k -> new ArrayList<>()).addAll(f.values());
        }
    }

    /** One {@code <item>} of an {@code instancesSet}: the instance as EC2 shows it. */
    static void instance(Xml x, JsonNode i) {
        String az = i.path("placement").path("availabilityZone").asText(null);
        String privateIp = s(i, "privateIpAddress");
        x.start("item").text("instanceId", s(i, "instanceId")).text("imageId", s(i, "imageId"));
        state(x, "instanceState", i.path("state"));
        x.text("privateDnsName", privateIp == null ? "" : "ip-" + privateIp.replace('.', '-') + ".internal")
                .text("dnsName", "").text("reason", i.path("stateTransitionReason").asText(""))
                .text("keyName", s(i, "keyName")).text("amiLaunchIndex", 0).start("productCodes").end()
                .text("instanceType", s(i, "instanceType")).text("launchTime", s(i, "launchTime"))
                .start("placement").text("availabilityZone", az)
                .text("groupName", i.path("placement").path("groupName").asText(""))
                .text("tenancy", "default").end()
                .start("monitoring").text("state", "disabled").end()
                .text("subnetId", s(i, "subnetId")).text("vpcId", s(i, "vpcId"))
                .text("privateIpAddress", privateIp).text("ipAddress", s(i, "publicIpAddress"))
                .text("sourceDestCheck", "true");
        x.start("groupSet");
        for (JsonNode g : i.path("securityGroups")) {
            x.start("item").text("groupId", s(g, "groupId")).end();
        }
        x.end();
        if (i.hasNonNull("stateReason")) {
            x.start("stateReason").text("code", s(i.get("stateReason"), "code"))
                    .text("message", s(i.get("stateReason"), "message")).end();
        }
        x.text("architecture", s(i, "architecture")).text("rootDeviceType", s(i, "rootDeviceType"))
                .text("rootDeviceName", s(i, "rootDeviceName")).start("blockDeviceMapping");
        for (JsonNode b : i.path("blockDeviceMappings")) {
            x.start("item").text("deviceName", s(b, "deviceName")).start("ebs")
                    .text("volumeId", s(b.path("ebs"), "volumeId")).text("status", s(b.path("ebs"), "status"))
                    .text("attachTime", s(i, "launchTime"))
                    .text("deleteOnTermination", b.path("ebs").path("deleteOnTermination").asBoolean())
                    .end().end();
        }
        x.end().text("virtualizationType", "hvm").text("clientToken", i.path("clientToken").asText(""));
        Views.tagSet(x, i.get("tags"));
        x.text("hypervisor", "xen");
        if (s(i, "networkInterfaceId") != null) {
            x.start("networkInterfaceSet").start("item").text("networkInterfaceId", s(i, "networkInterfaceId"))
                    .text("subnetId", s(i, "subnetId")).text("vpcId", s(i, "vpcId")).text("ownerId", s(i, "ownerId"))
                    .text("status", "in-use").text("macAddress", s(i, "macAddress"))
                    .text("privateIpAddress", privateIp).text("sourceDestCheck", "true").start("groupSet");
            for (JsonNode g : i.path("securityGroups")) {
                x.start("item").text("groupId", s(g, "groupId")).end();
            }
            x.end().start("attachment").text("deviceIndex", 0).text("status", "attached")
                    .text("deleteOnTermination", "true").end();
            if (s(i, "publicIpAddress") != null) {
                x.start("association").text("publicIp", s(i, "publicIpAddress")).text("ipOwnerId", "amazon").end();
            }
            x.end().end();
        }
        x.text("ebsOptimized", "false");
        JsonNode maintenance = i.path("maintenanceOptions");
        if (maintenance.hasNonNull("autoRecovery")) {
            x.start("maintenanceOptions").text("autoRecovery", s(maintenance, "autoRecovery")).end();
        }
        x.end();
    }

    private static void state(Xml x, String element, JsonNode state) {
        x.start(element).text("code", state.path("code").asInt()).text("name", s(state, "name")).end();
    }

    // ---- state changes ------------------------------------------------------------------------------------

    private Uni<Xml> change(Call c, String verb, boolean force) {
        List<String> ids = c.params().list("InstanceId");
        if (ids.isEmpty()) {
            throw Ec2Exception.missing("InstanceId.1");
        }
        String path = "/v1/instances/" + verb + (force ? "?force=true" : "");
        return c.post(path, Map.of("instanceIds", ids)).map(r -> {
            Xml x = Xml.response(c.action(), c.requestId()).start("instancesSet");
            for (JsonNode ch : r.path("instances")) {
                x.start("item").text("instanceId", s(ch, "instanceId"));
                state(x, "currentState", ch.path("currentState"));
                state(x, "previousState", ch.path("previousState"));
                x.end();
            }
            return x.end();
        });
    }

    private Uni<Xml> reboot(Call c) {
        List<String> ids = c.params().list("InstanceId");
        if (ids.isEmpty()) {
            throw Ec2Exception.missing("InstanceId.1");
        }
        return c.post("/v1/instances/reboot", Map.of("instanceIds", ids)).map(r -> Views.ok(c));
    }

    // ---- attributes ---------------------------------------------------------------------------------------

    /** EC2's attribute names → the REST API's fields ({@code Attribute=…&Value=…} or {@code Name.Value=…}). */
    private static final Map<String, String> ATTRIBUTES = Map.of("instanceType", "instanceType",
            "userData", "userData", "disableApiTermination", "disableApiTermination",
            "instanceInitiatedShutdownBehavior", "instanceInitiatedShutdownBehavior");

    private Uni<Xml> modify(Call c) {
        Params p = c.params();
        String id = p.required("InstanceId");
        Map<String, Object> body = new LinkedHashMap<>();
        String attribute = p.string("Attribute");
        String value = p.string("Value");
        if (attribute != null) {
            String field = ATTRIBUTES.get(attribute);
            if (field == null) {
                throw Ec2Exception.invalidValue("Value (" + attribute + ") for parameter attribute is invalid.");
            }
            body.put(field, field.equals("disableApiTermination") ? Boolean.valueOf(value) : value);
        }
        put(body, "instanceType", p.string("InstanceType.Value"));
        put(body, "userData", p.string("UserData.Value"));
        Boolean protect = p.bool("DisableApiTermination.Value");
        put(body, "disableApiTermination", protect);
        put(body, "instanceInitiatedShutdownBehavior", p.string("InstanceInitiatedShutdownBehavior.Value"));
        List<String> groups = p.list("GroupId");
        if (!groups.isEmpty()) {
            body.put("securityGroupIds", groups);
        }
        if (body.isEmpty()) {
            throw Ec2Exception.missing("Attribute");
        }
        return c.patch("/v1/instances/" + id, body).map(r -> Views.ok(c));
    }

    private static void put(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private Uni<Xml> attribute(Call c) {
        Params p = c.params();
        String id = p.required("InstanceId");
        String attribute = p.required("Attribute");
        return c.get("/v1/instances/" + id).map(i -> {
            Xml x = Xml.response("DescribeInstanceAttribute", c.requestId()).text("instanceId", s(i, "instanceId"));
            switch (attribute) {
                case "instanceType" -> x.start("instanceType").text("value", s(i, "instanceType")).end();
                case "disableApiTermination" -> x.start("disableApiTermination")
                        .text("value", i.path("disableApiTermination").asBoolean()).end();
                case "instanceInitiatedShutdownBehavior" -> x.start("instanceInitiatedShutdownBehavior")
                        .text("value", s(i, "instanceInitiatedShutdownBehavior")).end();
                case "rootDeviceName" -> x.start("rootDeviceName").text("value", s(i, "rootDeviceName")).end();
                case "groupSet" -> {
                    x.start("groupSet");
                    for (JsonNode g : i.path("securityGroups")) {
                        x.start("item").text("groupId", s(g, "groupId")).end();
                    }
                    x.end();
                }
                default -> throw Ec2Exception.invalidValue("Value (" + attribute + ") for parameter attribute is "
                        + "invalid. Haneul answers instanceType, disableApiTermination, "
                        + "instanceInitiatedShutdownBehavior, rootDeviceName and groupSet.");
            }
            return x;
        });
    }

    private Uni<Xml> consoleOutput(Call c) {
        String id = c.params().required("InstanceId");
        c.params().bool("Latest");
        return c.get("/v1/instances/" + id + "/console-output").map(o -> {
            String text = s(o, "output");
            return Xml.response("GetConsoleOutput", c.requestId()).text("instanceId", s(o, "instanceId"))
                    .text("timestamp", s(o, "timestamp"))
                    .text("output", text == null ? null
                            : Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        });
    }

    // ---- DescribeInstanceStatus ---------------------------------------------------------------------------

    private Uni<Xml> status(Call c) {
        Params p = c.params();
        boolean all = Boolean.TRUE.equals(p.bool("IncludeAllInstances"));
        Map<String, List<String>> query = new LinkedHashMap<>();
        List<String> ids = p.list("InstanceId");
        if (!ids.isEmpty()) {
            query.put("instanceId", new ArrayList<>(ids));
        }
        for (Params.Filter f : p.filters()) {
            String rest = switch (f.name()) {
                case "instance-id" -> "instanceId";
                case "instance-state-name" -> "state";
                default -> throw Views.badFilter(f.name());
            };
            query.computeIfAbsent(rest, k -> new ArrayList<>()).addAll(f.values());
        }
        if (!all && !query.containsKey("state")) {
            query.put("state", List.of("running"));
        }
        Views.paging(p, query);
        return c.get("/v1/instances", query).chain(page -> {
            if (all) {     // without IncludeAllInstances a named instance that is not running is simply not shown
                Views.allFound(ids, page.path("instances"), "instanceId", "InvalidInstanceID.NotFound",
                        "instance ID");
            }
            List<Uni<JsonNode>> checks = new ArrayList<>();
            for (JsonNode i : page.path("instances")) {
                checks.add(c.get("/v1/instances/" + s(i, "instanceId") + "/status"));
            }
            Uni<List<JsonNode>> joined = checks.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(checks).andFailFast();
            return joined.map(views -> {
                Xml x = Xml.response("DescribeInstanceStatus", c.requestId()).start("instanceStatusSet");
                int k = 0;
                for (JsonNode i : page.path("instances")) {
                    JsonNode v = views.get(k++);
                    x.start("item").text("instanceId", s(i, "instanceId"))
                            .text("availabilityZone", s(v, "availabilityZone"));
                    state(x, "instanceState", i.path("state"));
                    status(x, "systemStatus", v.path("systemStatus"));
                    status(x, "instanceStatus", v.path("instanceStatus"));
                    x.end();
                }
                return x.end().text("nextToken", s(page, "nextToken"));
            });
        });
    }

    private static void status(Xml x, String element, JsonNode status) {
        String st = status.path("status").asText("not-applicable");
        x.start(element).text("status", st).start("details").start("item").text("name", "reachability")
                .text("status", st.equals("ok") ? "passed" : st.equals("impaired") ? "failed" : st)
                .end().end().end();
    }
}
