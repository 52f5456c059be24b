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

/** Volumes and snapshots (volume-service): create, describe, attach, detach, modify, delete. */
@ApplicationScoped
public class VolumeActions implements ActionGroup {
    /** EC2's volume filters the REST list honours, and its query parameter. */
    private static final Map<String, String> VOLUME_FILTERS = Map.of("volume-id", "volumeId", "status", "state",
            "availability-zone", "availabilityZone", "attachment.instance-id", "attachment.instanceId");
    private static final Map<String, String> SNAPSHOT_FILTERS = Map.of("snapshot-id", "snapshotId",
            "volume-id", "volumeId", "status", "state");

    @Override
    public List<Action> actions() {
        return List.of(
                Action.write("CreateVolume", this::create),
                Action.read("DescribeVolumes", List.copyOf(VOLUME_FILTERS.keySet()), this::describe),
                Action.write("AttachVolume", this::attach),
                Action.write("DetachVolume", this::detach),
                Action.write("DeleteVolume", this::delete),
                Action.write("ModifyVolume", this::modify),
                Action.read("DescribeVolumesModifications", List.of("volume-id"), this::modifications),
                Action.write("CreateSnapshot", this::createSnapshot),
                Action.read("DescribeSnapshots", List.copyOf(SNAPSHOT_FILTERS.keySet()), this::snapshots),
                Action.write("DeleteSnapshot", this::deleteSnapshot));
    }

    private Uni<Xml> create(Call c) {
        Params p = c.params();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("availabilityZone", p.required("AvailabilityZone"));
        body.put("size", p.integer("Size"));
        body.put("volumeType", p.string("VolumeType"));
        body.put("iops", p.integer("Iops"));
        body.put("throughput", p.integer("Throughput"));
        body.put("encrypted", p.bool("Encrypted"));
        body.put("snapshotId", p.string("SnapshotId"));
        p.string("ClientToken");
        List<Map<String, String>> tags = Views.specifiedTags(p, "volume");
        if (!tags.isEmpty()) {
            body.put("tags", tags);
        }
        body.values().removeIf(v -> v == null);
        return c.post("/v1/volumes", body).map(v -> volume(Xml.response("CreateVolume", c.requestId()), v, false));
    }

    /** A volume's members; {@code item} wraps them in an {@code <item>} of a set. */
    private static Xml volume(Xml x, JsonNode v, boolean item) {
        if (item) {
            x.start("item");
        }
        x.text("volumeId", s(v, "volumeId")).text("size", s(v, "size")).text("snapshotId", s(v, "snapshotId"))
                .text("availabilityZone", s(v, "availabilityZone")).text("status", s(v, "state"))
                .text("createTime", s(v, "createTime")).start("attachmentSet");
        for (JsonNode a : v.path("attachments")) {
            attachment(x.start("item"), a).end();
        }
        x.end();
        Views.tagSet(x, v.get("tags"));
        x.text("volumeType", s(v, "volumeType")).text("iops", s(v, "iops")).text("throughput", s(v, "throughput"))
                .text("encrypted", v.path("encrypted").asBoolean()).text("multiAttachEnabled", "false");
        return item ? x.end() : x;
    }

    private static Xml attachment(Xml x, JsonNode a) {
        return x.text("volumeId", s(a, "volumeId")).text("instanceId", s(a, "instanceId"))
                .text("device", s(a, "device")).text("status", s(a, "state")).text("attachTime", s(a, "attachTime"))
                .text("deleteOnTermination", a.path("deleteOnTermination").asBoolean());
    }

    private Uni<Xml> describe(Call c) {
        Params p = c.params();
        Map<String, List<String>> query = new LinkedHashMap<>();
        List<String> ids = p.list("VolumeId");
        if (!ids.isEmpty()) {
            query.put("volumeId", new ArrayList<>(ids));
        }
        restFilters(p, VOLUME_FILTERS, List.of("volume-id"), query);
        Views.paging(p, query);
        return c.get("/v1/volumes", query).map(page -> {
            Views.allFound(ids, page.path("volumes"), "volumeId", "InvalidVolume.NotFound", "volume");
            Xml x = Xml.response("DescribeVolumes", c.requestId()).start("volumeSet");
            page.path("volumes").forEach(v -> volume(x, v, true));
            return x.end().text("nextToken", s(page, "nextToken"));
        });
    }

    /** EC2 filters → REST query parameters; those in {@code multi} take several values, the others one. */
    static void restFilters(Params p, Map<String, String> known, List<String> multi, Map<String, List<String>> q) {
        for (Params.Filter f : p.filters()) {
            String rest = known.get(f.name());
            if (rest == null) {
                throw Views.badFilter(f.name());
            }
            if (f.values().size() != 1 && !multi.contains(f.name())) {
                throw Views.oneValue(f.name());
            }
            q.computeIfAbsent(rest, k -> new ArrayList<>()).addAll(f.values());
        }
    }

    private Uni<Xml> attach(Call c) {
        Params p = c.params();
        String volume = p.required("VolumeId");
        Map<String, Object> body = Map.of("instanceId", p.required("InstanceId"), "device", p.required("Device"));
        return c.post("/v1/volumes/" + volume + "/attach", body)
                .map(a -> attachment(Xml.response("AttachVolume", c.requestId()), a));
    }

    private Uni<Xml> detach(Call c) {
        Params p = c.params();
        String volume = p.required("VolumeId");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instanceId", p.string("InstanceId"));
        body.put("device", p.string("Device"));
        body.put("force", p.bool("Force"));
        body.values().removeIf(v -> v == null);
        return c.post("/v1/volumes/" + volume + "/detach", body)
                .map(a -> attachment(Xml.response("DetachVolume", c.requestId()), a));
    }

    private Uni<Xml> delete(Call c) {
        String volume = c.params().required("VolumeId");
        return c.delete("/v1/volumes/" + volume).map(r -> Views.ok(c));
    }

    private Uni<Xml> modify(Call c) {
        Params p = c.params();
        String volume = p.required("VolumeId");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", p.integer("Size"));
        body.put("volumeType", p.string("VolumeType"));
        body.put("iops", p.integer("Iops"));
        body.put("throughput", p.integer("Throughput"));
        body.values().removeIf(v -> v == null);
        return c.patch("/v1/volumes/" + volume, body).map(m -> {
            Xml x = Xml.response("ModifyVolume", c.requestId()).start("volumeModification");
            return modification(x, m).end();
        });
    }

    private static Xml modification(Xml x, JsonNode m) {
        return x.text("volumeId", s(m, "volumeId")).text("modificationState", s(m, "modificationState"))
                .text("targetSize", s(m, "targetSize")).text("targetVolumeType", s(m, "targetVolumeType"))
                .text("targetIops", s(m, "targetIops")).text("targetThroughput", s(m, "targetThroughput"))
                .text("originalSize", s(m, "originalSize")).text("originalVolumeType", s(m, "originalVolumeType"))
                .text("originalIops", s(m, "originalIops")).text("originalThroughput", s(m, "originalThroughput"))
                .text("progress", "completed".equals(s(m, "modificationState")) ? 100 : 0)
                .text("startTime", s(m, "startTime")).text("endTime", s(m, "endTime"));
    }

    private Uni<Xml> modifications(Call c) {
        Params p = c.params();
        List<String> ids = new ArrayList<>(p.list("VolumeId"));
        for (Params.Filter f : p.filters()) {
            if (!f.name().equals("volume-id")) {
                throw Views.badFilter(f.name());
            }
            ids.addAll(f.values());
        }
        p.integer("MaxResults");
        p.string("NextToken");
        if (ids.isEmpty()) {
            throw Ec2Exception.invalidValue("Give VolumeId.N (or the volume-id filter): Haneul keeps each volume's "
                    + "latest modification with the volume.");
        }
        List<Uni<JsonNode>> each = new ArrayList<>();
        ids.forEach(id -> each.add(c.get("/v1/volumes/" + id + "/modification")));
        return Uni.join().all(each).andFailFast().map(list -> {
            Xml x = Xml.response("DescribeVolumesModifications", c.requestId()).start("volumeModificationSet");
            list.forEach(m -> modification(x.start("item"), m).end());
            return x.end();
        });
    }

    // ---- snapshots ----------------------------------------------------------------------------------------

    private Uni<Xml> createSnapshot(Call c) {
        Params p = c.params();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("volumeId", p.required("VolumeId"));
        body.put("description", p.string("Description"));
        List<Map<String, String>> tags = Views.specifiedTags(p, "snapshot");
        if (!tags.isEmpty()) {
            body.put("tags", tags);
        }
        body.values().removeIf(v -> v == null);
        return c.post("/v1/snapshots", body).map(s -> snapshot(Xml.response("CreateSnapshot", c.requestId()), s,
                false));
    }

    private static Xml snapshot(Xml x, JsonNode s, boolean item) {
        if (item) {
            x.start("item");
        }
        x.text("snapshotId", s(s, "snapshotId")).text("volumeId", s(s, "volumeId")).text("status", s(s, "state"))
                .text("startTime", s(s, "startTime")).text("progress", s(s, "progress"))
                .text("ownerId", s(s, "ownerId")).text("volumeSize", s(s, "volumeSize"))
                .text("description", s(s, "description")).text("encrypted", s.path("encrypted").asBoolean())
                .text("storageTier", "standard");
        Views.tagSet(x, s.get("tags"));
        return item ? x.end() : x;
    }

    private Uni<Xml> snapshots(Call c) {
        Params p = c.params();
        Map<String, List<String>> query = new LinkedHashMap<>();
        List<String> ids = p.list("SnapshotId");
        if (!ids.isEmpty()) {
            query.put("snapshotId", new ArrayList<>(ids));
        }
        List<String> owners = p.list("Owner");
        for (String o : owners) {
            if (!o.equals("self") && !o.equals(c.principal().accountId())) {
                throw Ec2Exception.invalidValue("Haneul shows an account its own snapshots only: Owner self.");
            }
        }
        p.list("RestorableBy");
        restFilters(p, SNAPSHOT_FILTERS, List.of("snapshot-id"), query);
        Views.paging(p, query);
        return c.get("/v1/snapshots", query).map(page -> {
            Views.allFound(ids, page.path("snapshots"), "snapshotId", "InvalidSnapshot.NotFound", "snapshot");
            Xml x = Xml.response("DescribeSnapshots", c.requestId()).start("snapshotSet");
            page.path("snapshots").forEach(s -> snapshot(x, s, true));
            return x.end().text("nextToken", s(page, "nextToken"));
        });
    }

    private Uni<Xml> deleteSnapshot(Call c) {
        String id = c.params().required("SnapshotId");
        return c.delete("/v1/snapshots/" + id).map(r -> Views.ok(c));
    }
}
