package dev.haneul.volume.launch;

import static dev.haneul.volume.Fixtures.AZ;
import static dev.haneul.volume.Fixtures.DEADLINE;
import static dev.haneul.volume.Fixtures.extra;
import static dev.haneul.volume.Fixtures.publish;
import static dev.haneul.volume.Fixtures.randomAccount;
import static dev.haneul.volume.Fixtures.requested;
import static dev.haneul.volume.Fixtures.root;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.Topics;
import dev.haneul.events.instance.AttachedVolume;
import dev.haneul.events.instance.InstanceRequested;
import dev.haneul.events.instance.InstanceVolumesAttached;
import dev.haneul.events.instance.InstanceVolumesFailed;
import dev.haneul.events.volume.VolumeAttached;
import dev.haneul.events.volume.VolumeCreated;
import dev.haneul.events.volume.VolumeDeleted;
import dev.haneul.events.volume.VolumeDetached;
import dev.haneul.events.volume.VolumeEvent;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import dev.haneul.volume.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The volume step of the launch saga, driven through the real broker. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class LaunchVolumesTest {
    @KafkaBootstrap
    String bootstrap;

    @Test
    void launchCreatesAttachedVolumesTerminationDeletesOrDetachesThem() {
        String account = randomAccount();
        String instanceId = Fixtures.newInstanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, requested(account, instanceId, 0, AZ,
                    List.of(root("gp3", 8), extra("/dev/sdf", "gp2", 10, false))));
            InstanceVolumesAttached attached = awaitOne(probe, instanceId, InstanceVolumesAttached.class);
            assertEquals(0, attached.attempt());
            assertEquals(2, attached.volumes().size());
            AttachedVolume rootVolume = attached.volumes().stream().filter(AttachedVolume::root).findFirst().orElseThrow();
            AttachedVolume data = attached.volumes().stream().filter(v -> !v.root()).findFirst().orElseThrow();
            assertEquals("/dev/xvda", rootVolume.deviceName());
            assertEquals(8, rootVolume.sizeGib());
            assertEquals("gp3", rootVolume.volumeType());
            assertTrue(rootVolume.deleteOnTermination());
            assertEquals("/dev/sdf", data.deviceName());
            assertEquals("gp2", data.volumeType());
            assertFalse(data.deleteOnTermination());

            JsonPath listed = volumesOf(account, instanceId);
            assertEquals(List.of("in-use", "in-use"), listed.getList("volumes.state"));
            assertEquals(List.of(AZ, AZ), listed.getList("volumes.availabilityZone"));
            given().auth().oauth2(TestTokens.user(account)).when().get("/v1/volumes/" + rootVolume.volumeId())
                    .then().statusCode(200).body("size", equalTo(8)).body("iops", equalTo(3000))
                    .body("throughput", equalTo(125)).body("attachments", hasSize(1))
                    .body("attachments[0].instanceId", equalTo(instanceId))
                    .body("attachments[0].device", equalTo("/dev/xvda"))
                    .body("attachments[0].state", equalTo("attached"))
                    .body("attachments[0].deleteOnTermination", equalTo(true));

            // a repeated request of the same attempt (compute-api's step deadline) is answered with the same
            // volumes and creates none
            publish(bootstrap, requested(account, instanceId, 0, AZ,
                    List.of(root("gp3", 8), extra("/dev/sdf", "gp2", 10, false))));
            List<InstanceVolumesAttached> answers = ofInstance(probe.awaitEvents(DEADLINE, es -> ofInstance(es,
                    instanceId, InstanceVolumesAttached.class).size() == 2), instanceId, InstanceVolumesAttached.class);
            assertEquals(Set.of(rootVolume.volumeId(), data.volumeId()), answers.get(1).volumes().stream()
                    .map(AttachedVolume::volumeId).collect(Collectors.toSet()));
            assertEquals(2, volumesOf(account, null).getList("volumes").size(), "a repeated request creates none");

            // a start after a stop re-publishes the same volumes
            publish(bootstrap, Fixtures.stopped(account, instanceId, 0, AZ));
            publish(bootstrap, requested(account, instanceId, 1, AZ,
                    List.of(root("gp3", 8), extra("/dev/sdf", "gp2", 10, false))));
            InstanceVolumesAttached restarted = probe.awaitEvents(DEADLINE, es -> ofInstance(es, instanceId,
                    InstanceVolumesAttached.class).stream().anyMatch(a -> a.attempt() == 1)).stream()
                    .map(Envelope::data).filter(d -> d instanceof InstanceVolumesAttached a && a.attempt() == 1
                            && a.instanceId().equals(instanceId))
                    .map(InstanceVolumesAttached.class::cast).findFirst().orElseThrow();
            assertEquals(Map.of(rootVolume.volumeId(), "/dev/xvda", data.volumeId(), "/dev/sdf"),
                    Map.of(restarted.volumes().get(0).volumeId(), restarted.volumes().get(0).deviceName(),
                            restarted.volumes().get(1).volumeId(), restarted.volumes().get(1).deviceName()));
            assertEquals(2, volumesOf(account, null).getList("volumes").size(), "a start creates no volume");

            publish(bootstrap, Fixtures.terminated(account, instanceId, 1, AZ));
            Awaitility.await().atMost(DEADLINE).until(() -> "terminated".equals(Fixtures.instanceState(instanceId)));
            given().auth().oauth2(TestTokens.user(account)).when().get("/v1/volumes/" + rootVolume.volumeId())
                    .then().statusCode(200).body("state", equalTo("deleted")).body("attachments", hasSize(0));
            given().auth().oauth2(TestTokens.user(account)).when().get("/v1/volumes/" + data.volumeId())
                    .then().statusCode(200).body("state", equalTo("available")).body("attachments", hasSize(0));
        }
    }

    @Test
    void launchPublishesVolumeEventsAppliesVolumeTagsAndTerminationEndsThem() {
        String account = randomAccount();
        String instanceId = Fixtures.newInstanceId();
        Map<String, String> tags = Map.of("Name", "web", "team", "db");
        try (EventProbe instances = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS);
                EventProbe volumes = new EventProbe(bootstrap, Topics.VOLUME_EVENTS)) {
            publish(bootstrap, requested(account, instanceId, 0, AZ,
                    List.of(root("gp3", 8), extra("/dev/sdf", "sc1", 125, false)), tags));
            InstanceVolumesAttached attached = awaitOne(instances, instanceId, InstanceVolumesAttached.class);
            List<String> ids = attached.volumes().stream().map(AttachedVolume::volumeId).toList();
            String rootId = attached.volumes().stream().filter(AttachedVolume::root).findFirst().orElseThrow().volumeId();
            String dataId = ids.stream().filter(id -> !id.equals(rootId)).findFirst().orElseThrow();

            for (String id : ids) {
                JsonPath v = given().auth().oauth2(TestTokens.user(account)).when().get("/v1/volumes/" + id)
                        .then().statusCode(200).extract().jsonPath();
                assertEquals(Map.of("Name", "web", "team", "db"), Map.of(v.getString("tags[0].key"),
                        v.getString("tags[0].value"), v.getString("tags[1].key"), v.getString("tags[1].value")),
                        "the launch's volume tags are on " + id);
            }
            List<VolumeEvent> events = volumes.awaitEvents(DEADLINE, es -> ofVolumes(es, ids).size() >= 4).stream()
                    .map(Envelope::data).filter(VolumeEvent.class::isInstance).map(VolumeEvent.class::cast)
                    .filter(e -> ids.contains(volumeOf(e))).toList();
            List<VolumeCreated> created = events.stream().filter(VolumeCreated.class::isInstance)
                    .map(VolumeCreated.class::cast).toList();
            assertEquals(2, created.size());
            assertTrue(created.stream().allMatch(c -> instanceId.equals(c.instanceId())));
            VolumeCreated data = created.stream().filter(c -> c.volumeId().equals(dataId)).findFirst().orElseThrow();
            assertEquals("sc1", data.volumeType());
            assertEquals(125, data.sizeGiB());
            assertEquals(2, events.stream().filter(VolumeAttached.class::isInstance).count());

            publish(bootstrap, Fixtures.terminated(account, instanceId, 0, AZ));
            List<Envelope> after = volumes.awaitEvents(DEADLINE, es -> ofVolumes(es, ids).stream()
                    .filter(e -> e instanceof VolumeDetached).count() == 2
                    && ofVolumes(es, ids).stream().anyMatch(e -> e instanceof VolumeDeleted));
            List<VolumeDeleted> deleted = ofVolumes(after, ids).stream().filter(VolumeDeleted.class::isInstance)
                    .map(VolumeDeleted.class::cast).toList();
            assertEquals(List.of(rootId), deleted.stream().map(VolumeDeleted::volumeId).toList(),
                    "only the delete-on-termination volume is deleted");
            given().auth().oauth2(TestTokens.user(account)).when().get("/v1/volumes/" + dataId).then()
                    .statusCode(200).body("state", equalTo("available"));
        }
    }

    @Test
    void tooManyVolumeTagsFailTheLaunch() {
        String account = randomAccount();
        String instanceId = Fixtures.newInstanceId();
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            tags.put("k" + i, "v");
        }
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, requested(account, instanceId, 0, AZ, List.of(root("gp3", 8)), tags));
            assertEquals("Client.TagLimitExceeded", awaitOne(probe, instanceId, InstanceVolumesFailed.class).code());
            String other = Fixtures.newInstanceId();
            publish(bootstrap, requested(account, other, 0, AZ, List.of(root("gp3", 8)), Map.of("aws:x", "1")));
            assertEquals("Client.InvalidParameterValue", awaitOne(probe, other, InstanceVolumesFailed.class).code());
        }
        assertEquals(0, volumesOf(account, null).getList("volumes").size());
    }

    /**
     * CreateImage as compute-api does it: a snapshot of a running instance's (in-use) root volume; a launch from
     * that image has a root of at least the snapshot's size that records the snapshot.
     */
    @Test
    void imagesAreBackedByASnapshotOfTheRootVolume() {
        String account = randomAccount();
        String source = Fixtures.runningInstance(bootstrap, account, AZ);
        String rootId = volumesOf(account, source).getString("volumes[0].volumeId");
        String snapshotId = given().auth().oauth2(TestTokens.user(account)).contentType("application/json")
                .body("{\"volumeId\":\"" + rootId + "\",\"description\":\"Created by CreateImage(" + source
                        + ") for ami-0123456789abcdef0\"}")
                .when().post("/v1/snapshots").then().statusCode(201).body("state", equalTo("pending"))
                .body("volumeId", equalTo(rootId)).body("volumeSize", equalTo(8)).extract().path("snapshotId");
        Awaitility.await().atMost(DEADLINE).until(() -> "completed".equals(given().auth()
                .oauth2(TestTokens.user(account)).when().get("/v1/snapshots/" + snapshotId).then().statusCode(200)
                .extract().path("state")));

        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            String tooSmall = Fixtures.newInstanceId();
            publish(bootstrap, requested(account, tooSmall, 0, AZ, List.of(Fixtures.rootFromSnapshot(snapshotId, 4))));
            InstanceVolumesFailed failed = awaitOne(probe, tooSmall, InstanceVolumesFailed.class);
            assertEquals("Client.InvalidParameterValue", failed.code());
            assertTrue(failed.message().contains("snapshot"), failed.message());

            String sameSize = Fixtures.newInstanceId();
            publish(bootstrap, requested(account, sameSize, 0, AZ, List.of(Fixtures.rootFromSnapshot(snapshotId, 0))));
            AttachedVolume fromImage = awaitOne(probe, sameSize, InstanceVolumesAttached.class).volumes().get(0);
            assertEquals(8, fromImage.sizeGib());
            given().auth().oauth2(TestTokens.user(account)).when().get("/v1/volumes/" + fromImage.volumeId()).then()
                    .statusCode(200).body("snapshotId", equalTo(snapshotId)).body("size", equalTo(8));

            String bigger = Fixtures.newInstanceId();
            publish(bootstrap, requested(account, bigger, 0, AZ, List.of(Fixtures.rootFromSnapshot(snapshotId, 20))));
            assertEquals(20, awaitOne(probe, bigger, InstanceVolumesAttached.class).volumes().get(0).sizeGib());
        }
    }

    @Test
    void st1RootVolumeFailsTheLaunch() {
        String account = randomAccount();
        String instanceId = Fixtures.newInstanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, requested(account, instanceId, 0, AZ, List.of(root("st1", 500))));
            InstanceVolumesFailed failed = awaitOne(probe, instanceId, InstanceVolumesFailed.class);
            assertEquals("Client.VolumeTypeNotSupported", failed.code());
            assertTrue(failed.message().contains("st1"));
        }
        assertEquals(0, volumesOf(account, null).getList("volumes").size(), "nothing is created");
    }

    @Test
    void invalidSizeFailsTheLaunchWithoutCreatingAnything() {
        String account = randomAccount();
        String instanceId = Fixtures.newInstanceId();
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, requested(account, instanceId, 0, AZ,
                    List.of(root("gp3", 8), extra("/dev/sdf", "io1", 2, false))));
            InstanceVolumesFailed failed = awaitOne(probe, instanceId, InstanceVolumesFailed.class);
            assertEquals("Client.InvalidParameterValue", failed.code());
        }
        assertEquals(0, volumesOf(account, null).getList("volumes").size(), "the valid root was not created either");
    }

    @Test
    void duplicateDeliveryChangesNothing() {
        String account = randomAccount();
        String instanceId = Fixtures.newInstanceId();
        InstanceRequested launch = requested(account, instanceId, 0, AZ, List.of(root("gp2", 20)));
        try (EventProbe probe = new EventProbe(bootstrap, Topics.INSTANCE_EVENTS)) {
            publish(bootstrap, launch);
            InstanceVolumesAttached first = awaitOne(probe, instanceId, InstanceVolumesAttached.class);
            String record = probe.records().stream()
                    .filter(r -> r.key().equals(instanceId) && r.value().contains("haneul.instance.requested.v1"))
                    .findFirst().orElseThrow().value();
            // the very same record again (a redelivery), then a re-sent launch with a new event id
            EventProbe.send(bootstrap, Topics.INSTANCE_EVENTS, instanceId, record);
            publish(bootstrap, launch);
            List<InstanceVolumesAttached> answers = ofInstance(probe.awaitEvents(DEADLINE,
                    es -> ofInstance(es, instanceId, InstanceVolumesAttached.class).size() >= 2), instanceId,
                    InstanceVolumesAttached.class);
            assertEquals(first.volumes().get(0).volumeId(), answers.get(1).volumes().get(0).volumeId(),
                    "a re-sent launch answers with the existing volume");
        }
        assertEquals(1, volumesOf(account, null).getList("volumes").size());
    }

    private static List<VolumeEvent> ofVolumes(List<Envelope> events, List<String> volumeIds) {
        return events.stream().map(Envelope::data).filter(VolumeEvent.class::isInstance).map(VolumeEvent.class::cast)
                .filter(e -> volumeIds.contains(volumeOf(e))).toList();
    }

    private static String volumeOf(VolumeEvent e) {
        if (e instanceof VolumeCreated c) {
            return c.volumeId();
        }
        if (e instanceof VolumeAttached a) {
            return a.volumeId();
        }
        if (e instanceof VolumeDetached d) {
            return d.volumeId();
        }
        if (e instanceof VolumeDeleted d) {
            return d.volumeId();
        }
        return "";
    }

    private JsonPath volumesOf(String account, String instanceId) {
        var request = given().auth().oauth2(TestTokens.user(account));
        if (instanceId != null) {
            request = request.queryParam("attachment.instanceId", instanceId);
        }
        return request.when().get("/v1/volumes").then().statusCode(200).extract().jsonPath();
    }

    private static <T> T awaitOne(EventProbe probe, String instanceId, Class<T> type) {
        return ofInstance(probe.awaitEvents(DEADLINE, es -> !ofInstance(es, instanceId, type).isEmpty()), instanceId,
                type).get(0);
    }

    private static <T> List<T> ofInstance(List<Envelope> events, String instanceId, Class<T> type) {
        return events.stream().filter(e -> instanceId.equals(e.subject())).map(Envelope::data)
                .filter(type::isInstance).map(type::cast).toList();
    }
}
