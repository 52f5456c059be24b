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
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.testing.TestTokens;
import dev.haneul.volume.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
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
