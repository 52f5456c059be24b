package dev.haneul.volume.volume;

import static dev.haneul.volume.Fixtures.AZ;
import static dev.haneul.volume.Fixtures.DEADLINE;
import static dev.haneul.volume.Fixtures.as;
import static dev.haneul.volume.Fixtures.availableVolume;
import static dev.haneul.volume.Fixtures.randomAccount;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haneul.events.Envelope;
import dev.haneul.events.HaneulEvent;
import dev.haneul.events.Topics;
import dev.haneul.events.host.AttachVolume;
import dev.haneul.events.host.DetachVolume;
import dev.haneul.events.host.HostHeartbeat;
import dev.haneul.events.host.VolumeAttachedToHost;
import dev.haneul.events.host.VolumeDetachedFromHost;
import dev.haneul.events.volume.VolumeAttached;
import dev.haneul.events.volume.VolumeDetached;
import dev.haneul.testing.EventProbe;
import dev.haneul.testing.KafkaBootstrap;
import dev.haneul.testing.KafkaTestResource;
import dev.haneul.volume.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Attachments of running instances go through the host: AttachVolume / DetachVolume on host-commands (keyed by
 * the host id), attaching / detaching until the (fake) host answers on host-events, retries and settling when it
 * does not. Real broker, real database.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HostAttachmentTest {
    @KafkaBootstrap
    String bootstrap;

    private static Response attach(String account, String volumeId, String instanceId, String device) {
        return as(account).body("{\"instanceId\":\"" + instanceId + "\",\"device\":\"" + device + "\"}")
                .when().post("/v1/volumes/" + volumeId + "/attach");
    }

    private static String attachmentState(String account, String volumeId) {
        return as(account).when().get("/v1/volumes/" + volumeId).then().statusCode(200)
                .extract().path("attachments[0].state");
    }

    private static <T extends HaneulEvent> List<T> commands(EventProbe probe, Class<T> type, String volumeId,
            int atLeast) {
        return EventProbe.ofType(probe.awaitEvents(DEADLINE, es -> of(es, type, volumeId).size() >= atLeast), type)
                .stream().filter(c -> volumeOf(c).equals(volumeId)).toList();
    }

    private static <T extends HaneulEvent> List<T> of(List<Envelope> es, Class<T> type, String volumeId) {
        return EventProbe.ofType(es, type).stream().filter(c -> volumeOf(c).equals(volumeId)).toList();
    }

    private static String volumeOf(Object c) {
        if (c instanceof AttachVolume a) {
            return a.volumeId();
        }
        if (c instanceof DetachVolume d) {
            return d.volumeId();
        }
        if (c instanceof VolumeAttached a) {
            return a.volumeId();
        }
        if (c instanceof VolumeDetached d) {
            return d.volumeId();
        }
        return "";
    }

    @Test
    void attachAndDetachOfARunningInstanceWaitForTheHostsAnswer() {
        String account = randomAccount();
        String hostId = Fixtures.newHostId();
        String instanceId = Fixtures.runningInstance(bootstrap, account, AZ, hostId);
        String volumeId = availableVolume(account, AZ, 10);
        try (EventProbe hostCommands = new EventProbe(bootstrap, Topics.HOST_COMMANDS);
                EventProbe volumeEvents = new EventProbe(bootstrap, Topics.VOLUME_EVENTS)) {
            attach(account, volumeId, instanceId, "/dev/sdf").then().statusCode(200)
                    .body("state", equalTo("attaching"));
            AttachVolume command = commands(hostCommands, AttachVolume.class, volumeId, 1).get(0);
            assertEquals(hostId, command.hostId());
            assertEquals(instanceId, command.instanceId());
            assertEquals(account, command.accountId());
            assertEquals(0, command.attempt());
            assertEquals("/dev/sdf", command.device());
            assertTrue(hostCommands.records().stream().anyMatch(r -> hostId.equals(r.key())
                    && r.value().contains(volumeId)), "keyed by the host id");
            assertEquals("attaching", attachmentState(account, volumeId), "nothing happens before the host answers");
            assertTrue(of(volumeEvents.events(), VolumeAttached.class, volumeId).isEmpty());

            // heartbeats on the same topic are skipped; then the host answers
            Fixtures.publish(bootstrap, new HostHeartbeat(hostId, Instant.now(), "agent-x", List.of(instanceId)));
            EventProbe.publish(bootstrap, "host-agent",
                    new VolumeAttachedToHost(hostId, Instant.now(), instanceId, volumeId, "/dev/sdf"));
            Awaitility.await().atMost(DEADLINE).until(() -> "attached".equals(attachmentState(account, volumeId)));
            VolumeAttached attached = commands(volumeEvents, VolumeAttached.class, volumeId, 1).get(0);
            assertEquals(instanceId, attached.instanceId());
            assertEquals("/dev/sdf", attached.device());

            as(account).body("{}").when().post("/v1/volumes/" + volumeId + "/detach").then().statusCode(200)
                    .body("state", equalTo("detaching"));
            DetachVolume detach = commands(hostCommands, DetachVolume.class, volumeId, 1).get(0);
            assertEquals(hostId, detach.hostId());
            assertFalse(detach.force());
            assertEquals("detaching", attachmentState(account, volumeId));
            EventProbe.publish(bootstrap, "host-agent",
                    new VolumeDetachedFromHost(hostId, Instant.now(), instanceId, volumeId, "/dev/sdf"));
            Fixtures.awaitState(account, volumeId, "available");
            as(account).when().get("/v1/volumes/" + volumeId).then().body("attachments", hasSize(0));
            VolumeDetached detached = commands(volumeEvents, VolumeDetached.class, volumeId, 1).get(0);
            assertEquals(instanceId, detached.instanceId());
            assertEquals(1, of(volumeEvents.events(), VolumeAttached.class, volumeId).size());
        }
    }

    @Test
    void anUnansweredAttachIsSentAgainThenGivenUp() {
        String account = randomAccount();
        String hostId = Fixtures.newHostId();
        String instanceId = Fixtures.runningInstance(bootstrap, account, AZ, hostId);
        String volumeId = availableVolume(account, AZ, 10);
        try (EventProbe hostCommands = new EventProbe(bootstrap, Topics.HOST_COMMANDS);
                EventProbe volumeEvents = new EventProbe(bootstrap, Topics.VOLUME_EVENTS)) {
            attach(account, volumeId, instanceId, "/dev/sdg").then().statusCode(200).body("state", equalTo("attaching"));
            Fixtures.awaitState(account, volumeId, "available");
            as(account).when().get("/v1/volumes/" + volumeId).then().body("attachments", hasSize(0));
            // the test profile sends a host command 3 times in all
            assertEquals(3, commands(hostCommands, AttachVolume.class, volumeId, 3).size());
            assertTrue(of(volumeEvents.events(), VolumeAttached.class, volumeId).isEmpty());

            // a late answer changes nothing, and the volume can be attached again
            EventProbe.publish(bootstrap, "host-agent",
                    new VolumeAttachedToHost(hostId, Instant.now(), instanceId, volumeId, "/dev/sdg"));
            attach(account, volumeId, instanceId, "/dev/sdg").then().statusCode(200).body("state", equalTo("attaching"));
        }
    }

    @Test
    void anUnansweredDetachIsSettledAsForced() {
        String account = randomAccount();
        String hostId = Fixtures.newHostId();
        String instanceId = Fixtures.runningInstance(bootstrap, account, AZ, hostId);
        String volumeId = availableVolume(account, AZ, 10);
        try (EventProbe hostCommands = new EventProbe(bootstrap, Topics.HOST_COMMANDS);
                EventProbe volumeEvents = new EventProbe(bootstrap, Topics.VOLUME_EVENTS)) {
            attach(account, volumeId, instanceId, "/dev/sdh").then().statusCode(200);
            commands(hostCommands, AttachVolume.class, volumeId, 1);
            EventProbe.publish(bootstrap, "host-agent",
                    new VolumeAttachedToHost(hostId, Instant.now(), instanceId, volumeId, "/dev/sdh"));
            Awaitility.await().atMost(DEADLINE).until(() -> "attached".equals(attachmentState(account, volumeId)));

            as(account).body("{\"force\":true}").when().post("/v1/volumes/" + volumeId + "/detach").then()
                    .statusCode(200).body("state", equalTo("detaching"));
            Fixtures.awaitState(account, volumeId, "available");
            List<DetachVolume> sent = commands(hostCommands, DetachVolume.class, volumeId, 3);
            assertEquals(3, sent.size());
            assertTrue(sent.stream().allMatch(DetachVolume::force), "the user's force goes with every try");
            assertEquals(1, commands(volumeEvents, VolumeDetached.class, volumeId, 1).size());
        }
    }

    @Test
    void aStoppedInstanceNeedsNoHostCommand() {
        String account = randomAccount();
        String instanceId = Fixtures.stoppedInstance(bootstrap, account, AZ);
        String volumeId = availableVolume(account, AZ, 10);
        String marker = availableVolume(account, AZ, 10);
        String runningOne = Fixtures.runningInstance(bootstrap, account, AZ, Fixtures.newHostId());
        try (EventProbe hostCommands = new EventProbe(bootstrap, Topics.HOST_COMMANDS)) {
            attach(account, volumeId, instanceId, "/dev/sdf").then().statusCode(200).body("state", equalTo("attached"));
            // a later attach to a running instance is sent; by then the first would have been too
            attach(account, marker, runningOne, "/dev/sdf").then().statusCode(200);
            commands(hostCommands, AttachVolume.class, marker, 1);
            List<ConsumerRecord<String, String>> records = hostCommands.records();
            assertTrue(records.stream().noneMatch(r -> r.value().contains(volumeId)), "no command for " + volumeId);
            assertEquals(0, ((Number) Fixtures.query("SELECT host_command_tries FROM volume WHERE volume_id = :id",
                    volumeId)).intValue());
        }
    }
}
